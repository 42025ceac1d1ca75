package io.labcheck.lab.lint;

import io.labcheck.lab.LabPlan;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The port the document reaches from outside against what listens on it and what the security group opens:
 * nothing listening is an error; only a 127.0.0.1 listener is an error (the app is bound to localhost); a port no
 * step opens is a warning (22 excepted: launch wizards open it by default).
 */
final class PortReachRule implements LintRule {
    @Override
    public List<LintFinding> check(LabPlan plan) {
        Listeners net = Listeners.of(plan);
        List<LintFinding> findings = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (Listeners.Reach reach : net.reaches) {
            if (!seen.add(reach.port())) {
                continue;
            }
            List<Listeners.Listener> on = net.on(reach.port());
            if (on.isEmpty()) {
                Listeners.Listener other = net.listeners.isEmpty() ? null : net.listeners.get(0);
                findings.add(new LintFinding(Severity.ERROR, "ports.nothing-listening", reach.url() + " reaches port "
                        + reach.port() + " from outside, but no step starts anything listening on " + reach.port()
                        + (other == null ? "" : " (the first listener is " + other.service() + " on " + other.port() + ")"),
                        reach.at(), other == null ? reach.at() : other.at()));
                continue;
            }
            if (on.stream().allMatch(Listeners.Listener::loopbackOnly)) {
                Listeners.Listener l = on.get(0);
                findings.add(new LintFinding(Severity.ERROR, "bind.localhost", reach.url() + " is reached from outside,"
                        + " but " + l.service() + " listens on " + l.address() + ":" + l.port()
                        + ", which only the server itself can reach: bind it to 0.0.0.0 (--host 0.0.0.0)", reach.at(), l.at()));
            }
            if (reach.port() != 22 && !net.isOpen(reach.port())) {
                findings.add(new LintFinding(Severity.WARNING, "ports.not-opened", reach.url() + " reaches port "
                        + reach.port() + " from outside, but no step opens " + reach.port()
                        + " in the security group (inbound rule): add the step, or a connect will time out",
                        reach.at(), on.get(0).at()));
            }
        }
        // nginx serves visitors: where the document opens ports itself, the ones nginx listens on must be among them
        if (net.hasSecurityGroupSteps) {
            for (Listeners.Listener l : net.listeners) {
                if (l.service().equals("nginx") && !l.loopbackOnly() && !net.isOpen(l.port()) && seen.add(l.port())) {
                    findings.add(new LintFinding(Severity.WARNING, "ports.not-opened", "nginx listens on " + l.port()
                            + " for visitors, but the security group steps open only " + String.join(", ", net.opened)
                            + ": open " + l.port() + " too, or a browser's connect times out", l.at(), l.at()));
                }
            }
        }
        return findings;
    }
}

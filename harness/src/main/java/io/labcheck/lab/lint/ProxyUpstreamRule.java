package io.labcheck.lab.lint;

import io.labcheck.lab.LabPlan;

import java.util.ArrayList;
import java.util.List;

/** A reverse proxy ({@code proxy_pass http://localhost:8000}) whose upstream port nothing listens on: a 502. */
final class ProxyUpstreamRule implements LintRule {
    @Override
    public List<LintFinding> check(LabPlan plan) {
        Listeners net = Listeners.of(plan);
        List<LintFinding> findings = new ArrayList<>();
        for (Listeners.Upstream up : net.upstreams) {
            if (!net.on(up.port()).isEmpty()) {
                continue;
            }
            Listeners.Listener app = net.listeners.stream().filter(l -> !l.service().equals("nginx")).findFirst().orElse(null);
            findings.add(new LintFinding(Severity.ERROR, "proxy.upstream", "nginx proxies to port " + up.port()
                    + " (" + up.target() + "), but no step starts anything listening on " + up.port()
                    + (app == null ? "" : "; the app is " + app.service() + " on port " + app.port())
                    + ": nginx will answer 502 Bad Gateway", up.at(), app == null ? up.at() : app.at()));
        }
        return findings;
    }
}

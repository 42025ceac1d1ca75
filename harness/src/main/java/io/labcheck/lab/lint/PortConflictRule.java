package io.labcheck.lab.lint;

import io.labcheck.lab.LabPlan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Two different services told to listen on the same port (a container publishing 80 and nginx on 80): the
 * second one fails to start with "Address already in use". The same app started again (foreground, nohup,
 * systemd) is not a conflict.
 */
final class PortConflictRule implements LintRule {
    @Override
    public List<LintFinding> check(LabPlan plan) {
        Map<Integer, List<Listeners.Listener>> byPort = new LinkedHashMap<>();
        Listeners.of(plan).listeners.forEach(l -> byPort.computeIfAbsent(l.port(), p -> new ArrayList<>()).add(l));
        List<LintFinding> findings = new ArrayList<>();
        byPort.forEach((port, listeners) -> {
            Listeners.Listener first = listeners.get(0);
            listeners.stream().filter(l -> !l.service().equals(first.service())).findFirst().ifPresent(other ->
                    findings.add(new LintFinding(Severity.ERROR, "ports.conflict", other.service() + " is told to listen on port "
                            + port + ", which " + first.service() + " already holds: the second fails with 'Address already"
                            + " in use'; move one of them to another port or stop the first", other.at(), first.at())));
        });
        return findings;
    }
}

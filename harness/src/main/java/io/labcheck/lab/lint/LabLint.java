package io.labcheck.lab.lint;

import io.labcheck.lab.LabPlan;
import io.labcheck.lab.SourceLine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Cross-step checks that catch document bugs before anything runs: key file names, ports (listening, opened,
 * reached), loopback binds, port conflicts, reverse-proxy upstreams, paths (venv, working directory, unit
 * files), the login user against the image, and version pins.
 */
public final class LabLint {
    private static final List<LintRule> RULES = List.of(new KeyFileRule(), new PortReachRule(), new PortConflictRule(),
            new ProxyUpstreamRule(), new PathRule(), new LoginUserRule(), new VersionPinRule(), new SystemFilesRule(),
            new ToolsRule());

    public static List<LintFinding> check(LabPlan plan) {
        List<LintFinding> findings = new ArrayList<>();
        for (LintRule rule : RULES) {
            findings.addAll(rule.check(plan));
        }
        for (String warning : plan.warnings()) {
            int line = warning.matches("line \\d+:.*") ? Integer.parseInt(warning.replaceFirst("line (\\d+):.*", "$1")) : 0;
            SourceLine at = new SourceLine(line, List.of());
            findings.add(new LintFinding(Severity.WARNING, "annotation", warning.replaceFirst("line \\d+: ", ""), at, at));
        }
        findings.sort(Comparator.comparingInt((LintFinding f) -> f.first().line()).thenComparing(LintFinding::code));
        return findings;
    }

    public static boolean hasErrors(List<LintFinding> findings) {
        return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
    }

    private LabLint() {}
}

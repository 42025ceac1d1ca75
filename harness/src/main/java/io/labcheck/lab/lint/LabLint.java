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
            new ToolsRule(), new AccountsRule(), new TyposRule(), new NginxConfigRule(), new DjangoRule(), new CertbotRule(),
            new CommandShapeRule());

    public static List<LintFinding> check(LabPlan plan) {
        List<LintFinding> findings = new ArrayList<>();
        for (LintRule rule : RULES) {
            findings.addAll(rule.check(plan));
        }
        for (String warning : plan.warnings()) {
            int line = warning.matches("line \\d+:.*") ? Integer.parseInt(warning.replaceFirst("line (\\d+):.*", "$1")) : 0;
            SourceLine at = new SourceLine(line, List.of());
            // a reader's warning may name its own code: "line 12: [fence.info] ..."
            String message = warning.replaceFirst("line \\d+: ", "");
            String code = message.matches("\\[[a-z.-]+] .*") ? message.substring(1, message.indexOf(']')) : "annotation";
            message = code.equals("annotation") ? message : message.substring(message.indexOf(']') + 2);
            findings.add(new LintFinding(Severity.WARNING, code, message, at, at));
        }
        findings.sort(Comparator.comparingInt((LintFinding f) -> f.first().line()).thenComparing(LintFinding::code));
        return findings;
    }

    public static boolean hasErrors(List<LintFinding> findings) {
        return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
    }

    private LabLint() {}
}

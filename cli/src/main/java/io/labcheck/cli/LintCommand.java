package io.labcheck.cli;

import io.labcheck.lab.LabPlan;
import io.labcheck.lab.lint.LabLint;
import io.labcheck.lab.lint.LintFinding;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "lint", mixinStandardHelpOptions = true,
        description = {"Checks a lab document for steps that contradict each other, before anything runs: the key"
                + " file chmod protects vs the one ssh uses, the port the app listens on vs the ports opened vs the"
                + " port reached, an app bound to 127.0.0.1 but reached from outside, two services on one port, a"
                + " proxy upstream nothing listens on, venv and working-directory paths, the login user vs the"
                + " image, version pins. Each finding names the two places that disagree.",
                "Exits 1 when there is an error-level finding."},
        footer = {"", "Examples:", "  ./labcheck lint ../shared/seeds/002_4ea6e1dbebd9b71b.txt", "  ./labcheck lint lab.md"})
final class LintCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DOCUMENT", description = "the lab document")
    Path document;

    @Override
    public Integer call() {
        LabPlan plan = LabDocuments.plan(document);
        List<LintFinding> findings = LabLint.check(plan);
        findings.forEach(f -> System.out.println(f.format(plan.name())));
        long errors = findings.stream().filter(f -> f.severity() == io.labcheck.lab.lint.Severity.ERROR).count();
        System.out.println(plan.name() + ": " + plan.steps().size() + " steps, " + errors + " errors, "
                + (findings.size() - errors) + " warnings");
        return LabLint.hasErrors(findings) ? Labcheck.FAILED : Labcheck.PASSED;
    }
}

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
                + " image, version pins, units and nginx sites as systemd and nginx read them, tools run before they"
                + " are installed. Each finding names the two places that disagree.",
                "Exits 1 when there is an error-level finding."},
        footer = {"", "Examples:", "  ./labcheck lint ../shared/seeds/002_4ea6e1dbebd9b71b.txt", "  ./labcheck lint lab.md",
                "  ./labcheck lint lab.md --json > findings.json"})
final class LintCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DOCUMENT", description = "the lab document")
    Path document;

    @picocli.CommandLine.Option(names = "--json", description = "print the findings as JSON (code, severity, message,"
            + " the lines it names)")
    boolean json;

    @Override
    public Integer call() {
        LabPlan plan = LabDocuments.plan(document);
        List<LintFinding> findings = LabLint.check(plan);
        long errors = findings.stream().filter(f -> f.severity() == io.labcheck.lab.lint.Severity.ERROR).count();
        if (json) {
            System.out.println(json(plan, findings, errors));
            return LabLint.hasErrors(findings) ? Labcheck.FAILED : Labcheck.PASSED;
        }
        findings.forEach(f -> System.out.println(f.format(plan.name())));
        System.out.println(plan.name() + ": " + plan.steps().size() + " steps, " + errors + " errors, "
                + (findings.size() - errors) + " warnings");
        return LabLint.hasErrors(findings) ? Labcheck.FAILED : Labcheck.PASSED;
    }

    /** For machines: the document, its counts, and each finding with the lines it names (0 when none). */
    private static String json(LabPlan plan, List<LintFinding> findings, long errors) {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper()
                .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);
        var doc = mapper.createObjectNode();
        doc.put("document", plan.name());
        doc.put("steps", plan.steps().size());
        doc.put("errors", errors);
        doc.put("warnings", findings.size() - errors);
        var all = doc.putArray("findings");
        for (LintFinding f : findings) {
            var node = all.addObject();
            node.put("code", f.code());
            node.put("severity", f.severity().name().toLowerCase(java.util.Locale.ROOT));
            node.put("message", f.message());
            var lines = node.putArray("lines");
            lines.add(f.first() == null ? 0 : f.first().line());
            if (f.second() != null && (f.first() == null || f.second().line() != f.first().line())) {
                lines.add(f.second().line());
            }
        }
        try {
            return mapper.writeValueAsString(doc);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the findings as JSON", e);
        }
    }
}

package io.labcheck.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A run's results as GitHub-flavoured Markdown for a CI job's summary page: the verdict, the counts, a
 * table of labs, then each failed step, missed fault and document finding on one line. Redacted like
 * results.json ({@link RedactedResults}).
 */
public final class MarkdownSummary {
    /** The variable GitHub Actions sets to the file a step appends its summary to. */
    public static final String STEP_SUMMARY = "GITHUB_STEP_SUMMARY";
    private static final System.Logger LOG = System.getLogger(MarkdownSummary.class.getName());

    /** The summary; names {@code reportFile} (the HTML report) at the end when it is not null. */
    public String render(Results results, Path reportFile) {
        Results safe = RedactedResults.of(results);
        Counts counts = Counts.of(safe);
        List<String> out = new ArrayList<>();
        out.add("## " + (counts.failed() ? "❌ labcheck: FAILED" : "✅ labcheck: PASSED"));
        out.add("");
        out.add(runLine(safe.run()));
        safe.run().substitutes().forEach(s -> out.add("- substitute: " + cell(s)));
        out.add("");
        out.add("| labs | steps passed | steps failed | steps skipped | faults caught | faults missed | document findings |");
        out.add("|---:|---:|---:|---:|---:|---:|---:|");
        out.add(row(counts.labs(), counts.stepsPassed(), counts.stepsFailed(), counts.stepsSkipped(),
                counts.faultsCaught(), counts.faultsMissed(), counts.documentFindings()));
        if (!safe.labs().isEmpty()) {
            out.add("");
            out.add("| lab | status | passed | failed | skipped | faults caught |");
            out.add("|---|---|---:|---:|---:|---:|");
            safe.labs().forEach(lab -> out.add(labRow(lab)));
        }
        section(out, "Failed steps", failedSteps(safe));
        section(out, "Known defects (declared in the labs' sidecars; they do not fail the run)", knownDefects(safe));
        section(out, "Missed faults", missedFaults(safe));
        section(out, "Document findings", documentFindings(safe));
        if (reportFile != null) {
            out.add("");
            out.add("Report: `" + reportFile.toString().replace("`", "'") + "`");
        }
        return String.join("\n", out) + "\n";
    }

    /**
     * Appends the summary to the file {@value #STEP_SUMMARY} names in {@code environment}; does nothing
     * when it is not set. A summary is a courtesy: a failure to append is logged, never thrown into the run.
     *
     * @return whether it appended
     */
    public boolean appendToStepSummary(Results results, Path reportFile, Map<String, String> environment) {
        String file = environment.get(STEP_SUMMARY);
        if (file == null || file.isBlank()) {
            return false;
        }
        try {
            // a blank line after it, so that a later summary in the same job starts a block of its own
            Files.writeString(Path.of(file), render(results, reportFile) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "labcheck: could not append the summary to " + STEP_SUMMARY + " (" + file + ")", e);
            return false;
        }
    }

    /** A table cell or list line: one line, and a | that does not end the cell. */
    static String cell(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ").replace("|", "\\|");
    }

    private static String runLine(Run run) {
        Tier tier = run.tier();
        return "Run `" + cell(run.id()) + "` · started " + cell(run.start()) + " · took " + Durations.text(run.durationMs())
                + " · cloud provider: " + cell(known(tier.cloudProvider())) + " · host kind: " + cell(known(tier.hostKind()))
                + " · base image: " + cell(known(tier.baseImage()));
    }

    private static String codes(List<String> codes) {
        return codes.isEmpty() ? "nothing" : codes.stream().map(code -> "`" + cell(code) + "`").collect(Collectors.joining(", "));
    }

    private static String known(String value) {
        return value == null ? "not said" : value;
    }

    private static String row(Object... cells) {
        return "| " + Arrays.stream(cells).map(c -> cell(String.valueOf(c))).collect(Collectors.joining(" | ")) + " |";
    }

    private static String labRow(Lab lab) {
        Counts counts = Counts.of(lab);
        StepStatus status = LabStatus.shown(lab);
        String state = status.state().json().toUpperCase(Locale.ROOT)
                + (status.reason() == null ? "" : ": " + status.reason());
        return row(title(lab), state, counts.stepsPassed(), counts.stepsFailed(), counts.stepsSkipped(),
                counts.faultsCaught() + "/" + counts.faults());
    }

    private static List<String> failedSteps(Results results) {
        List<String> lines = new ArrayList<>();
        for (Lab lab : results.labs()) {
            if (lab.status().state() == StepStatus.State.FAILED) {
                lines.add("- **" + cell(title(lab)) + "** (the suite itself): " + cell(lab.status().reason()));
            }
            lab.steps().stream().filter(s -> s.status().state() == StepStatus.State.FAILED).forEach(step ->
                    lines.add("- **" + cell(title(lab)) + "** › " + cell(step.title()) + ": " + cell(step.status().reason())));
        }
        return lines;
    }

    private static List<String> knownDefects(Results results) {
        List<String> lines = new ArrayList<>();
        for (Lab lab : results.labs()) {
            lab.steps().stream().filter(s -> s.status().state() == StepStatus.State.KNOWN_DEFECT).forEach(step ->
                    lines.add("- **" + cell(title(lab)) + "** › " + cell(step.title()) + ": " + cell(step.status().reason())));
        }
        return lines;
    }

    private static List<String> missedFaults(Results results) {
        List<String> lines = new ArrayList<>();
        for (Lab lab : results.labs()) {
            lab.faults().stream().filter(Counts::missed).forEach(fault -> lines.add("- **" + cell(title(lab)) + "** › `"
                    + cell(fault.id()) + "`: " + Counts.whyMissed(fault, MarkdownSummary::codes)));
        }
        return lines;
    }

    private static List<String> documentFindings(Results results) {
        List<String> lines = new ArrayList<>();
        for (Lab lab : results.labs()) {
            lab.documentFindings().forEach(finding -> lines.add("- **" + cell(title(lab)) + "** › `" + cell(finding.code())
                    + "`: " + cell(finding.message()) + places(finding.places())));
        }
        return lines;
    }

    private static String places(List<DocumentFinding.Place> places) {
        String where = places.stream().map(Places::where).filter(Objects::nonNull).map(MarkdownSummary::cell)
                .collect(Collectors.joining("; "));
        return where.isEmpty() ? "" : " (" + where + ")";
    }

    private static void section(List<String> out, String heading, List<String> lines) {
        if (!lines.isEmpty()) {
            out.add("");
            out.add("### " + heading);
            out.add("");
            out.addAll(lines);
        }
    }

    private static String title(Lab lab) {
        return lab.title().isBlank() ? lab.id() : lab.title();
    }
}

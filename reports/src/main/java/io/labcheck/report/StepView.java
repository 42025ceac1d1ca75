package io.labcheck.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One step on a lab's timeline. {@code barWidth} is the step's duration as a share of the lab's longest
 * step, so the slow steps stand out. A failed step's evidence starts open: it is what a reader came for.
 */
record StepView(String title, LabView.Badge status, String reason, String duration, String barWidth,
                List<ReportView.Fact> where, List<String> commands, boolean evidenceOpen,
                List<ReportView.Fact> results, String outputTail, List<Entry> entries) {

    static StepView of(Step step, long longestMs) {
        List<ReportView.Fact> where = new ArrayList<>();
        if (step.section() != null) {
            where.add(ReportView.Fact.of("section", step.section()));
        }
        if (step.runsOn() != null) {
            where.add(ReportView.Fact.of("runs on", step.runsOn()));
        }
        Evidence evidence = step.evidence();
        List<ReportView.Fact> results = new ArrayList<>();
        if (evidence.exitCode() != null) {
            results.add(ReportView.Fact.of("exit code", evidence.exitCode().toString()));
        }
        if (evidence.httpStatus() != null) {
            results.add(ReportView.Fact.of("HTTP status", evidence.httpStatus().toString()));
        }
        return new StepView(step.title().isBlank() ? step.id() : step.title(), LabView.Badge.of(step.status()),
                step.status().reason(), Durations.text(step.durationMs()), barWidth(step.durationMs(), longestMs),
                where, step.commands(), step.status().state() == StepStatus.State.FAILED, results,
                evidence.outputTail(), evidence.entries());
    }

    public boolean hasWhere() {
        return !where.isEmpty();
    }

    public boolean hasCommands() {
        return !commands.isEmpty();
    }

    public boolean hasResults() {
        return !results.isEmpty();
    }

    public boolean hasEntries() {
        return !entries.isEmpty();
    }

    public boolean hasEvidence() {
        return !results.isEmpty() || outputTail != null || !entries.isEmpty();
    }

    private static String barWidth(long ms, long longestMs) {
        if (longestMs <= 0 || ms <= 0) {
            return "0%";
        }
        // a step that took any time at all gets a visible sliver
        double percent = Math.max(0.5, 100.0 * ms / longestMs);
        return String.format(Locale.ROOT, "%.1f%%", percent);
    }
}

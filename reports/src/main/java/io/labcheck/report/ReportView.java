package io.labcheck.report;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * What index.html shows, worked out from the results: the template ({@code index.html.mustache}) only
 * lays it out, so every decision (verdict, counts, which evidence opens) is plain Java a test can read.
 */
record ReportView(boolean failed, String verdict, String runId, String start, String duration,
                  List<Fact> tier, List<String> substitutes, Counts counts, List<LabView> labs,
                  List<Fact> environment, String resultsFile) {

    private static final DateTimeFormatter START = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** A labelled value; {@code known} false shows the value greyed as "not said". */
    record Fact(String label, String value, boolean known) {
        static Fact of(String label, String value) {
            return value == null || value.isBlank() ? new Fact(label, "not said", false) : new Fact(label, value, true);
        }
    }

    static ReportView of(Results results, Path resultsFile) {
        Run run = results.run();
        Counts counts = Counts.of(results);
        Tier tier = run.tier();
        List<Fact> tierFacts = List.of(Fact.of("cloud provider", tier.cloudProvider()),
                Fact.of("host kind", tier.hostKind()), Fact.of("base image", tier.baseImage()));
        Environment env = results.environment();
        List<Fact> envFacts = List.of(Fact.of("OS", env.os()), Fact.of("architecture", env.arch()),
                Fact.of("Java", env.javaVersion()), Fact.of("processors", String.valueOf(env.processors())));
        List<LabView> labs = new ArrayList<>();
        for (int i = 0; i < results.labs().size(); i++) {
            labs.add(LabView.of(results.labs().get(i), i + 1));
        }
        return new ReportView(counts.failed(), counts.failed() ? "FAILED" : "PASSED", run.id(), start(run.start()),
                Durations.text(run.durationMs()), tierFacts, run.substitutes(), counts, labs, envFacts,
                resultsFile == null ? null : resultsFile.toString());
    }

    public boolean hasSubstitutes() {
        return !substitutes.isEmpty();
    }

    public boolean noLabs() {
        return labs.isEmpty();
    }

    private static String start(String iso) {
        try {
            return START.format(Instant.parse(iso));
        } catch (DateTimeParseException e) {
            return iso; // shown as the file has it rather than not at all
        }
    }
}

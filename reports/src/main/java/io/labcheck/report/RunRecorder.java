package io.labcheck.report;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Collects one test plan's events into {@link Results}: a test class is a lab, a test a step. Synchronized
 * because JUnit may run tests in parallel and report from several threads.
 */
final class RunRecorder {
    private static final int OUTPUT_TAIL_LINES = 20;

    private final TestPlan plan;
    private final String runId;
    private final Instant start;
    private final long startNanos = System.nanoTime();
    private final Map<String, Long> startedAt = new ConcurrentHashMap<>();
    private final Map<String, LabRecord> labs = new LinkedHashMap<>();
    private final Set<String> substitutes = new LinkedHashSet<>();
    private String cloudProvider;
    private String hostKind;
    private String baseImage;

    RunRecorder(TestPlan plan, String runId, Instant start, String cloudProvider) {
        this.plan = plan;
        this.runId = runId;
        this.start = start;
        this.cloudProvider = cloudProvider;
    }

    synchronized void started(TestIdentifier id) {
        startedAt.put(id.getUniqueId(), System.nanoTime());
        if (isLab(id)) {
            lab(id);
        } else if (id.isTest()) {
            step(id);
        }
    }

    synchronized void finished(TestIdentifier id, TestExecutionResult result) {
        long ms = elapsedMs(id);
        StepStatus status = switch (result.getStatus()) {
            case SUCCESSFUL -> StepStatus.passed();
            case ABORTED -> result.getThrowable().filter(KnownDefectException.class::isInstance).isPresent()
                    ? StepStatus.knownDefect(Reasons.of(result.getThrowable().get()))
                    : StepStatus.skipped(Reasons.of(result.getThrowable().orElse(null)));
            case FAILED -> StepStatus.failed(Reasons.of(result.getThrowable().orElse(null)));
        };
        if (isLab(id)) {
            lab(id).status = status;
        } else if (id.isTest()) {
            StepRecord step = step(id);
            step.status = status;
            step.durationMs = ms;
        }
    }

    synchronized void skipped(TestIdentifier id, String reason) {
        StepStatus status = StepStatus.skipped(Reasons.ofSkip(reason));
        if (isLab(id)) {
            lab(id).status = status;
        }
        // JUnit reports no events under a skipped container: list its steps as skipped for the same reason
        if (id.isTest()) {
            step(id).status = status;
        }
        plan.getDescendants(id).stream().filter(TestIdentifier::isTest).forEach(test -> step(test).status = status);
    }

    synchronized void published(TestIdentifier id, Map<String, String> entries) {
        entries.forEach((key, value) -> {
            switch (key) {
                case ReportKeys.SUBSTITUTE -> substitutes.add(value);
                case ReportKeys.HOST_IMAGE -> baseImage = value;
                case ReportKeys.CLOUD_PROVIDER -> cloudProvider = value;
                case ReportKeys.HOST_KIND -> hostKind = value;
                case ReportKeys.LAB_ID -> labOf(id).ifPresent(lab -> lab.id = value);
                default -> { }
            }
        });
        labOf(id).ifPresent(lab -> entries.forEach((key, value) -> structured(lab, key, value)));
        if (id.isTest()) {
            step(id).publish(entries);
        } else {
            labOf(id).ifPresent(lab -> entries.forEach((k, v) -> lab.entries.add(new Entry(k, v))));
        }
    }

    /** Faults and document findings arrive as JSON entries; one that does not parse stays plain evidence. */
    private static void structured(LabRecord lab, String key, String value) {
        try {
            switch (key) {
                case ReportKeys.FAULT -> lab.faults.add(ResultsJson.mapper().readValue(value, FaultResult.class));
                case ReportKeys.DOCUMENT_FINDING ->
                        lab.documentFindings.add(ResultsJson.mapper().readValue(value, DocumentFinding.class));
                default -> { }
            }
        } catch (java.io.IOException | RuntimeException e) {
            System.getLogger(RunRecorder.class.getName()).log(System.Logger.Level.WARNING,
                    "a '" + key + "' entry is not valid JSON: " + e.getMessage());
        }
    }

    synchronized Results results() {
        Run run = new Run(runId, start.toString(), Duration.ofNanos(System.nanoTime() - startNanos).toMillis(),
                new Tier(cloudProvider, hostKind, baseImage), List.copyOf(substitutes));
        return Results.of(run, labs.values().stream().map(LabRecord::toLab).toList(), Environment.current());
    }

    private long elapsedMs(TestIdentifier id) {
        Long began = startedAt.get(id.getUniqueId());
        return began == null ? 0 : Math.max(0, Duration.ofNanos(System.nanoTime() - began).toMillis());
    }

    /**
     * A test class is a lab; a class run as a template (one document per invocation) is a lab per invocation,
     * and the template around them is none.
     */
    private static boolean isLab(TestIdentifier id) {
        return id.isContainer() && id.getSource().filter(ClassSource.class::isInstance).isPresent()
                && !lastSegmentType(id).equals("class-template");
    }

    private static String lastSegmentType(TestIdentifier id) {
        List<UniqueId.Segment> segments = UniqueId.parse(id.getUniqueId()).getSegments();
        return segments.isEmpty() ? "" : segments.get(segments.size() - 1).getType();
    }

    private LabRecord lab(TestIdentifier id) {
        return labs.computeIfAbsent(id.getUniqueId(), key -> new LabRecord(labId(id), id.getDisplayName()));
    }

    /** The nearest enclosing test class: a test outside any class (rare) has no lab and is not recorded. */
    private Optional<LabRecord> labOf(TestIdentifier id) {
        for (Optional<TestIdentifier> at = Optional.of(id); at.isPresent(); at = at.flatMap(plan::getParent)) {
            if (isLab(at.get())) {
                return Optional.of(lab(at.get()));
            }
        }
        return Optional.empty();
    }

    private StepRecord step(TestIdentifier id) {
        LabRecord lab = labOf(id).orElseGet(() -> labs.computeIfAbsent("", key -> new LabRecord("(no class)", "(no class)")));
        return lab.steps.computeIfAbsent(id.getUniqueId(), key -> new StepRecord(stepId(id), id.getDisplayName()));
    }

    private static String labId(TestIdentifier id) {
        return id.getSource().map(s -> ((ClassSource) s).getClassName()).orElse(id.getDisplayName());
    }

    /** The unique id's segments below the class, e.g. {@code createKeyPair(io.labcheck.cloud.Cloud)}. */
    private static String stepId(TestIdentifier id) {
        List<UniqueId.Segment> segments = UniqueId.parse(id.getUniqueId()).getSegments();
        List<String> below = new ArrayList<>();
        boolean pastClass = false;
        for (UniqueId.Segment segment : segments) {
            if (pastClass) {
                below.add(segment.getValue());
            }
            pastClass |= segment.getType().equals("class") || segment.getType().equals("nested-class")
                    || segment.getType().equals("class-template-invocation");
        }
        return below.isEmpty() ? id.getUniqueId() : String.join("/", below);
    }

    private static final class LabRecord {
        /** the class's name, or the id a document-driven lab publishes ({@value ReportKeys#LAB_ID}) */
        String id;
        final String title;
        StepStatus status = StepStatus.skipped("never finished: the run was stopped");
        final List<Entry> entries = new ArrayList<>();
        final Map<String, StepRecord> steps = new LinkedHashMap<>();
        final List<FaultResult> faults = new ArrayList<>();
        final List<DocumentFinding> documentFindings = new ArrayList<>();

        LabRecord(String id, String title) {
            this.id = id;
            this.title = title;
        }

        Lab toLab() {
            return new Lab(id, title, status, entries, steps.values().stream().map(StepRecord::toStep).toList(),
                    faults, documentFindings);
        }
    }

    private static final class StepRecord {
        final String id;
        final String title;
        StepStatus status = StepStatus.skipped("never finished: the run was stopped");
        long durationMs;
        String section;
        String runsOn;
        final List<String> commands = new ArrayList<>();
        Integer exitCode;
        Integer httpStatus;
        String outputTail;
        final List<Entry> entries = new ArrayList<>();

        StepRecord(String id, String title) {
            this.id = id;
            this.title = title;
        }

        void publish(Map<String, String> published) {
            published.forEach((key, value) -> {
                entries.add(new Entry(key, value));
                switch (key) {
                    case ReportKeys.SECTION -> section = value;
                    case ReportKeys.RUNS_ON -> runsOn = value;
                    case ReportKeys.COMMAND -> commands.add(value);
                    case ReportKeys.EXIT_CODE -> exitCode = integer(value, exitCode);
                    case ReportKeys.HTTP_STATUS -> httpStatus = integer(value, httpStatus);
                    case ReportKeys.OUTPUT -> outputTail = tail(value);
                    default -> { }
                }
            });
        }

        Step toStep() {
            return new Step(id, title, section, runsOn, commands, status, durationMs,
                    new Evidence(exitCode, outputTail, httpStatus, entries));
        }

        private static Integer integer(String value, Integer otherwise) {
            try {
                return Integer.valueOf(value.strip());
            } catch (NumberFormatException e) {
                return otherwise; // still kept as an entry, as published
            }
        }

        private static String tail(String output) {
            String[] lines = output.split("\n", -1);
            int from = Math.max(0, lines.length - OUTPUT_TAIL_LINES);
            return String.join("\n", java.util.Arrays.asList(lines).subList(from, lines.length));
        }
    }
}

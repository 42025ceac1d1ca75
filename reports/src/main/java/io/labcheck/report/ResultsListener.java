package io.labcheck.report;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * Records a JUnit Platform run as {@code <labcheck.results.dir>/results.json}. Registered through
 * {@code META-INF/services}, so any launcher with this jar on its class path (Surefire, the labcheck
 * command) picks it up; it does nothing unless {@code labcheck.results.dir} is set, as a configuration
 * parameter or a system property. A broken listener must never break the run it reports on: every
 * event is guarded, and a failure is logged and the recording given up. After results.json it writes
 * index.html beside it ({@link HtmlReport}) and, when {@value MarkdownSummary#STEP_SUMMARY} is set, appends
 * a Markdown summary to that file ({@link MarkdownSummary}).
 */
public class ResultsListener implements TestExecutionListener {
    public static final String RESULTS_DIR = "labcheck.results.dir";
    private static final System.Logger LOG = System.getLogger(ResultsListener.class.getName());
    private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private volatile RunRecorder recorder;
    private volatile Path dir;

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        guard("start", () -> {
            String configured = plan.getConfigurationParameters().get(RESULTS_DIR)
                    .or(() -> java.util.Optional.ofNullable(System.getProperty(RESULTS_DIR)))
                    .filter(s -> !s.isBlank()).orElse(null);
            if (configured == null) {
                return;
            }
            Instant start = Instant.now();
            String runId = RUN_ID_TIME.format(start) + "-" + UUID.randomUUID().toString().substring(0, 8);
            String cloud = plan.getConfigurationParameters().get("labcheck.cloud").orElse(null);
            dir = Path.of(configured);
            recorder = new RunRecorder(plan, runId, start, cloud);
        });
    }

    @Override
    public void executionStarted(TestIdentifier id) {
        guard("executionStarted", () -> recorder.started(id));
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        guard("executionSkipped", () -> recorder.skipped(id, reason));
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        guard("executionFinished", () -> recorder.finished(id, result));
    }

    @Override
    public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
        guard("reportingEntryPublished", () -> recorder.published(id, entry.getKeyValuePairs()));
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        guard("write", () -> {
            Results results = recorder.results();
            Path written = new ResultsWriter().write(results, dir);
            LOG.log(System.Logger.Level.INFO, "labcheck results: " + written);
            report(results);
        });
        recorder = null;
    }

    /**
     * The HTML report and the CI summary, after results.json is safely written: each is made from the
     * results alone, so a failure here is logged and costs only itself.
     */
    private void report(Results results) {
        Path html = null;
        try {
            html = new HtmlReport().write(results, dir);
            LOG.log(System.Logger.Level.INFO, "labcheck report: " + html);
        } catch (Exception | LinkageError | StackOverflowError e) {
            LOG.log(System.Logger.Level.WARNING, "labcheck report: index.html not written (results.json is)", e);
        }
        try {
            new MarkdownSummary().appendToStepSummary(results, html, System.getenv());
        } catch (Exception | LinkageError | StackOverflowError e) {
            LOG.log(System.Logger.Level.WARNING, "labcheck report: no CI summary (results.json is written)", e);
        }
    }

    private void guard(String event, Action action) {
        if (recorder == null && !event.equals("start")) {
            return;
        }
        try {
            action.run();
        } catch (Exception | LinkageError | StackOverflowError e) {
            LOG.log(System.Logger.Level.WARNING, "labcheck results: " + event + " failed; no results.json for this run", e);
            recorder = null;
        }
    }

    @FunctionalInterface
    private interface Action {
        void run() throws Exception;
    }
}

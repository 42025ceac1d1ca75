package io.labcheck.report;

import io.labcheck.report.fixtures.BrokenSetupLab;
import io.labcheck.report.fixtures.SampleLab;
import io.labcheck.report.fixtures.SkippedLab;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The fixture labs run through a real Launcher with labcheck.results.dir set; results.json read back. */
class ResultsListenerTest {
    @TempDir
    static Path dir;
    static Results results;
    static TestExecutionSummary summary;

    @BeforeAll
    static void run() throws IOException {
        summary = LauncherRuns.run(dir, SampleLab.class, SkippedLab.class, BrokenSetupLab.class);
        results = new ResultsReader().read(dir.resolve(ResultsWriter.FILE_NAME));
    }

    @Test
    void theFileValidatesAgainstTheSchema() throws IOException {
        assertThat(ResultsSchema.problems(dir.resolve(ResultsWriter.FILE_NAME))).isEmpty();
    }

    @Test
    void theRunIsDescribed() {
        assertThat(results.schemaVersion()).isEqualTo(Results.SCHEMA_VERSION);
        assertThat(results.run().id()).isNotBlank();
        assertThat(results.run().durationMs()).isGreaterThanOrEqualTo(0);
        assertThat(results.run().substitutes()).containsExactly("PyPI is unreachable: pip installed from a local wheel directory");
        assertThat(results.run().tier().baseImage()).isEqualTo("labcheck/host:bookworm (stand-in for ubuntu:22.04)");
        assertThat(results.environment().processors()).isPositive();
        assertThat(results.labs()).extracting(Lab::id).containsExactly(
                SampleLab.class.getName(), SkippedLab.class.getName(), BrokenSetupLab.class.getName());
    }

    @Test
    void aPassedStepCarriesItsEvidence() {
        Step step = step(sample(), "1. install the app");
        assertThat(step.id()).isEqualTo("install(org.junit.jupiter.api.TestReporter)");
        assertThat(step.status()).isEqualTo(StepStatus.passed());
        assertThat(step.section()).isEqualTo("3. Install");
        assertThat(step.runsOn()).isEqualTo("server");
        assertThat(step.commands()).containsExactly("pip3 install fastapi");
        assertThat(step.evidence().exitCode()).isZero();
        assertThat(step.evidence().httpStatus()).isEqualTo(200);
        assertThat(step.evidence().outputTail()).startsWith("line 11\n").endsWith("line 30");
        assertThat(step.evidence().entries()).contains(new Entry("installed", "fastapi 0.92.0"),
                new Entry("substitute", "PyPI is unreachable: pip installed from a local wheel directory"));
    }

    @Test
    void aFailedStepSaysWhyInOneLine() {
        StepStatus status = step(sample(), "2. the browser shows Hello World").status();
        assertThat(status.state()).isEqualTo(StepStatus.State.FAILED);
        assertThat(status.reason()).isEqualTo("the page");
    }

    @Test
    void skippedStepsSayWhy() {
        assertThat(step(sample(), "3. screenshot").status()).isEqualTo(StepStatus.skipped("the browser step needs a display"));
        assertThat(step(sample(), "4. out of memory").status())
                .isEqualTo(StepStatus.skipped("Assumption failed: no Docker engine here"));
    }

    @Test
    void aSkippedSuiteListsEveryStepAsSkippedForItsReason() {
        Lab lab = lab(SkippedLab.class);
        StepStatus why = StepStatus.skipped("no Docker engine: run .ci/docker-engine.sh");
        assertThat(lab.status()).isEqualTo(why);
        assertThat(lab.steps()).extracting(Step::status).containsExactly(why, why);
    }

    @Test
    void aSuiteWhoseSetupFailedIsFailedWithoutAStackTrace() {
        assertThat(lab(BrokenSetupLab.class).status()).isEqualTo(StepStatus.failed("instance never reached running"));
    }

    @Test
    void durationsAreNeverNegative() {
        assertThat(results.labs()).flatExtracting(Lab::steps).extracting(Step::durationMs)
                .allSatisfy(ms -> assertThat(ms).isGreaterThanOrEqualTo(0L));
    }

    @Test
    void secretsNeverReachTheFile() throws IOException {
        String json = Files.readString(dir.resolve(ResultsWriter.FILE_NAME));
        assertThat(json).doesNotContain("PRIVATE KEY", "MIIEowIBAAKCAQEA", "AKIAIOSFODNN7EXAMPLE",
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        assertThat(step(sample(), "5. key pair").evidence().entries())
                .contains(new Entry("key material", Redactor.PRIVATE_KEY));
    }

    @Test
    void theListenerNeverBreaksTheRun(@TempDir Path tmp) throws IOException {
        Path notADirectory = Files.writeString(tmp.resolve("a-file"), "x");
        TestExecutionSummary broken = LauncherRuns.run(notADirectory, SkippedLab.class, SampleLab.class);
        assertThat(broken.getTestsFoundCount()).isEqualTo(summary.getTestsFoundCount() - 1);
        assertThat(broken.getTestsSucceededCount()).isEqualTo(2);
        assertThat(Files.readString(notADirectory)).isEqualTo("x");
    }

    @Test
    void theHtmlReportIsWrittenBesideResultsJson() throws IOException {
        String page = Files.readString(dir.resolve(HtmlReport.FILE_NAME));
        assertThat(page).contains("Sample lab", "2. the browser shows Hello World", ">FAILED<")
                .doesNotContain("MIIEowIBAAKCAQEA", "AKIAIOSFODNN7EXAMPLE");
    }

    /** Surefire points GITHUB_STEP_SUMMARY at a file in target/ (reports/pom.xml), as a CI runner would at its own. */
    @Test
    void theCiSummaryIsAppendedWhenGithubStepSummaryIsSet(@TempDir Path run) throws IOException {
        Path summaryFile = stepSummaryFile();
        long before = Files.exists(summaryFile) ? Files.size(summaryFile) : 0;
        LauncherRuns.run(run, SampleLab.class);
        String appended = appendedSince(summaryFile, before);
        assertThat(appended).startsWith("## ❌ labcheck: FAILED")
                .contains("| Sample lab | FAILED: 1 step failed | 2 | 1 | 2 | 0/0 |")
                .contains("- **Sample lab** › 2. the browser shows Hello World: the page")
                .contains("Report: `" + run.toAbsolutePath().resolve(HtmlReport.FILE_NAME) + "`");
    }

    @Test
    void aReportThatCannotBeWrittenCostsNeitherResultsJsonNorTheRun(@TempDir Path run) throws IOException {
        Files.createDirectories(run.resolve(HtmlReport.FILE_NAME).resolve("in-the-way"));
        Path summaryFile = stepSummaryFile();
        long before = Files.exists(summaryFile) ? Files.size(summaryFile) : 0;
        TestExecutionSummary broken = LauncherRuns.run(run, SampleLab.class);
        assertThat(broken.getTestsSucceededCount()).isEqualTo(2);
        assertThat(ResultsSchema.problems(run.resolve(ResultsWriter.FILE_NAME))).isEmpty();
        assertThat(new ResultsReader().read(run.resolve(ResultsWriter.FILE_NAME)).labs()).extracting(Lab::title)
                .containsExactly("Sample lab");
        assertThat(run.resolve(HtmlReport.FILE_NAME)).isDirectory();
        String appended = appendedSince(summaryFile, before);
        assertThat(appended).as("the summary still comes, without a report to point at")
                .contains("Sample lab").doesNotContain("Report:");
    }

    private static String appendedSince(Path file, long size) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return new String(bytes, (int) size, bytes.length - (int) size, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Path stepSummaryFile() {
        String configured = System.getenv(MarkdownSummary.STEP_SUMMARY);
        org.junit.jupiter.api.Assumptions.assumeTrue(configured != null,
                MarkdownSummary.STEP_SUMMARY + " is set by Surefire (reports/pom.xml); not in this runner");
        return Path.of(configured);
    }

    private static Lab sample() {
        return lab(SampleLab.class);
    }

    private static Lab lab(Class<?> type) {
        return results.labs().stream().filter(l -> l.id().equals(type.getName())).findFirst().orElseThrow();
    }

    private static Step step(Lab lab, String title) {
        List<Step> found = lab.steps().stream().filter(s -> s.title().equals(title)).toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }
}

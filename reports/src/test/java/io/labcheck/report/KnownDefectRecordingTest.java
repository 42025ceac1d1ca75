package io.labcheck.report;

import io.labcheck.report.fixtures.KnownDefectLab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A declared known defect is recorded apart from skips and failures, and does not fail the run. */
class KnownDefectRecordingTest {
    @Test
    void aKnownDefectIsItsOwnStateAndTheRunStillPasses(@TempDir Path dir) throws IOException {
        var summary = LauncherRuns.run(dir, KnownDefectLab.class);
        Results results = new ResultsReader().read(dir.resolve(ResultsWriter.FILE_NAME));

        assertThat(summary.getTotalFailureCount()).isZero();
        assertThat(ResultsSchema.problems(dir.resolve(ResultsWriter.FILE_NAME))).isEmpty();
        Step curl = results.labs().get(0).steps().stream().filter(s -> s.title().startsWith("2.")).findFirst().orElseThrow();
        assertThat(curl.status()).isEqualTo(StepStatus.knownDefect(
                "a known defect of the document (its sidecar declares it): no step opens port 8000"));
        Counts counts = Counts.of(results);
        assertThat(counts.stepsKnownDefects()).isEqualTo(1);
        assertThat(counts.stepsSkipped()).isZero();
        assertThat(counts.failed()).isFalse();
        assertThat(Files.readString(dir.resolve(ResultsWriter.FILE_NAME))).contains("\"known-defect\"");
        assertThat(new MarkdownSummary().render(results, null)).contains("PASSED", "### Known defects",
                "2. curl from outside: a known defect of the document");
        assertThat(Files.readString(new HtmlReport().write(results, dir))).contains("badge known-defect", "1 known defects");
    }
}

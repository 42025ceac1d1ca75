package io.labcheck.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MarkdownSummaryTest {
    private final MarkdownSummary summary = new MarkdownSummary();

    @Test
    void saysTheVerdictAndTheCountsFirst() {
        String md = summary.render(ReportFixture.results(), null);
        assertThat(md).startsWith("## ❌ labcheck: FAILED\n")
                .contains("| 2 | 4 | 1 | 1 | 2 | 1 | 1 |")
                .contains("| " + ReportFixture.KOREAN_TITLE + " | PASSED | 3 | 0 | 0 | 1/1 |")
                .contains("| " + ReportFixture.FAILING_TITLE + " | FAILED: 1 step failed, 1 fault missed | 1 | 1 | 1 | 1/2 |")
                .doesNotContain("Report:");
    }

    @Test
    void listsFailedStepsMissedFaultsAndFindingsOneLineEach() {
        String md = summary.render(ReportFixture.results(), Path.of("/runs/1/index.html"));
        assertThat(md).contains("- **" + ReportFixture.FAILING_TITLE + "** › " + ReportFixture.FAILED_STEP + ": "
                        + ReportFixture.FAILED_REASON + "\n")
                .contains("- **" + ReportFixture.FAILING_TITLE + "** › `" + ReportFixture.MISSED_FAULT
                        + "`: expected `port-closed`, reported `instance-stopped`\n")
                .contains("`symptom-differs`: the document says \"Connection refused\"; really: the connection times out"
                        + " (문제 1: SSH 접속 거부 · line 1114)\n")
                .endsWith("Report: `/runs/1/index.html`\n");
        assertThat(md).doesNotContain("loopback-bind").doesNotContain(ReportFixture.PASSED_STEP);
    }

    @Test
    void aPassingRunSaysPassedAndListsNothingToFix() {
        Results passing = Results.of(ReportFixture.results().run(), List.of(ReportFixture.passingLab()), Environment.current());
        assertThat(summary.render(passing, null)).startsWith("## ✅ labcheck: PASSED\n")
                .doesNotContain("### Failed steps", "### Missed faults", "### Document findings");
    }

    @Test
    void tableCellsKeepToOneLineAndTheirPipes() {
        assertThat(MarkdownSummary.cell("a | b\nc\r\n  d ")).isEqualTo("a \\| b c d");
        Step step = new Step("s()", "grep x | wc -l", null, null, List.of(), StepStatus.failed("expected 1 | got 2"), 5, Evidence.none());
        Lab lab = new Lab("L", "lab | one\ntwo", StepStatus.passed(), List.of(), List.of(step), List.of(), List.of());
        String md = summary.render(Results.of(ReportFixture.results().run(), List.of(lab), Environment.current()), null);
        assertThat(md).contains("| lab \\| one two | FAILED: 1 step failed | 0 | 1 | 0 | 0/0 |")
                .contains("- **lab \\| one two** › grep x \\| wc -l: expected 1 \\| got 2");
    }

    @Test
    void secretsAreRedactedHereToo() {
        Step step = new Step("s()", "leak " + ReportFixture.SampleKey.PEM, null, null, List.of(),
                StepStatus.failed("AKIAIOSFODNN7EXAMPLE rejected"), 5, Evidence.none());
        Lab lab = new Lab("L", "lab", StepStatus.passed(), List.of(), List.of(step), List.of(), List.of());
        String md = summary.render(Results.of(ReportFixture.results().run(), List.of(lab), Environment.current()), null);
        assertThat(md).doesNotContain(ReportFixture.SampleKey.BODY, "AKIAIOSFODNN7EXAMPLE").contains(Redactor.ACCESS_KEY_ID);
    }

    @Test
    void appendsToTheFileGithubStepSummaryNames(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("summary.md"), "earlier step\n");
        assertThat(summary.appendToStepSummary(ReportFixture.results(), null, Map.of(MarkdownSummary.STEP_SUMMARY, file.toString())))
                .isTrue();
        assertThat(Files.readString(file)).startsWith("earlier step\n## ❌ labcheck: FAILED").endsWith("\n\n");
    }

    @Test
    void doesNothingWhenTheVariableIsNotSet(@TempDir Path dir) {
        assertThat(summary.appendToStepSummary(ReportFixture.results(), null, Map.of())).isFalse();
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aFileThatCannotBeAppendedToIsLoggedNotThrown(@TempDir Path dir) {
        Map<String, String> env = Map.of(MarkdownSummary.STEP_SUMMARY, dir.toString()); // a directory
        assertThat(summary.appendToStepSummary(ReportFixture.results(), null, env)).isFalse();
        assertThat(summary.appendToStepSummary(ReportFixture.results(), null, Map.of(MarkdownSummary.STEP_SUMMARY, "\0bad")))
                .isFalse();
    }
}

package io.labcheck.report;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the page shows, decided in Java: verdict, counts, lab status, matrix cells, bars. */
class ReportViewTest {
    @Test
    void countsAndVerdictOfTheFixture() {
        Counts counts = Counts.of(ReportFixture.results());
        assertThat(counts).isEqualTo(new Counts(2, 0, 4, 1, 1, 0, 2, 1, 1));
        assertThat(counts.failed()).isTrue();
        assertThat(ReportView.of(ReportFixture.results(), null).verdict()).isEqualTo("FAILED");
    }

    @Test
    void aMissedFaultAloneFailsTheRunAndSkipsAloneDoNot() {
        FaultResult notReverted = new FaultResult("f", true, List.of("c"), List.of("c"), true, false, 1L);
        FaultResult notApplied = new FaultResult("g", false, List.of("c"), List.of("c"), true, true, 1L);
        assertThat(Counts.missed(notReverted)).isTrue();
        assertThat(Counts.missed(notApplied)).isTrue();
        Lab lab = new Lab("L", "L", StepStatus.passed(), List.of(), List.of(), List.of(notReverted), List.of());
        assertThat(Counts.of(lab).failed()).isTrue();
        assertThat(LabStatus.shown(lab)).isEqualTo(StepStatus.failed("1 fault missed"));

        Step skipped = new Step("s", "s", null, null, List.of(), StepStatus.skipped("no Docker"), 0, Evidence.none());
        Lab skippedLab = new Lab("S", "S", StepStatus.skipped("no Docker"), List.of(), List.of(skipped), List.of(), List.of());
        assertThat(Counts.of(skippedLab).failed()).isFalse();
        assertThat(LabStatus.shown(skippedLab)).isEqualTo(StepStatus.skipped("no Docker"));
    }

    @Test
    void anEmptyRunPassesAndSaysSo() {
        ReportView view = ReportView.of(Results.of(ReportFixture.results().run(), List.of(), Environment.current()), null);
        assertThat(view.verdict()).isEqualTo("PASSED");
        assertThat(view.noLabs()).isTrue();
        assertThat(view.counts()).isEqualTo(new Counts(0, 0, 0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void theMatrixMarksCaughtMissedAndExtra() {
        FaultMatrix matrix = FaultMatrix.of(ReportFixture.failingLab().faults());
        assertThat(matrix.codes()).containsExactly("ssh-port-closed", "port-closed", "instance-stopped");
        assertThat(matrix.rows().get(0).cells()).extracting(FaultMatrix.Cell::kind).containsExactly("caught", "none", "none");
        assertThat(matrix.rows().get(1).cells()).extracting(FaultMatrix.Cell::kind).containsExactly("none", "missed", "extra");
        assertThat(matrix.rows()).extracting(FaultMatrix.Row::missed).containsExactly(false, true);
    }

    @Test
    void aLabWithoutFaultsHasNoMatrixAndAFailedStepsEvidenceIsOpen() {
        LabView passing = LabView.of(ReportFixture.passingLab(), 1);
        LabView failing = LabView.of(ReportFixture.failingLab(), 2);
        assertThat(LabView.of(new Lab("L", "", StepStatus.passed(), List.of(), List.of(), List.of(), List.of()), 3).faults())
                .isNull();
        assertThat(passing.status().label()).isEqualTo("PASSED");
        assertThat(failing.status().label()).isEqualTo("FAILED");
        assertThat(failing.reason()).isEqualTo("1 step failed, 1 fault missed");
        assertThat(failing.steps()).extracting(StepView::evidenceOpen).containsExactly(false, true, false);
        assertThat(failing.steps()).extracting(StepView::hasEvidence).containsExactly(true, true, false);
    }

    @Test
    void durationBarsAreSharesOfTheLabsLongestStep() {
        assertThat(LabView.of(ReportFixture.failingLab(), 1).steps()).extracting(StepView::barWidth)
                .containsExactly("7.0%", "100.0%", "0%");
    }

    @Test
    void unknownTierFactsAreSaidToBeUnknown() {
        Results results = ReportFixture.results();
        Run run = new Run("r", "not a time", 0, Tier.unknown(), List.of());
        ReportView view = ReportView.of(Results.of(run, results.labs(), results.environment()), Path.of("/x/results.json"));
        assertThat(view.tier()).extracting(ReportView.Fact::known).containsOnly(false);
        assertThat(view.start()).isEqualTo("not a time");
        assertThat(view.resultsFile()).isEqualTo("/x/results.json");
    }

    @Test
    void durationsReadAtAGlance() {
        assertThat(List.of(850L, 2_400L, 15_300L, 83_027L, 3_720_000L)).extracting(Durations::text)
                .containsExactly("850 ms", "2.4 s", "15 s", "1 min 23 s", "1 h 2 min");
    }
}

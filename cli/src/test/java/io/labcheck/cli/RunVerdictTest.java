package io.labcheck.cli;

import io.labcheck.report.Environment;
import io.labcheck.report.Evidence;
import io.labcheck.report.Lab;
import io.labcheck.report.Results;
import io.labcheck.report.Run;
import io.labcheck.report.Step;
import io.labcheck.report.StepStatus;
import io.labcheck.report.Tier;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** No silent passes: a lab that ran no step, or one asked for and absent, fails the run. */
class RunVerdictTest {

    private static Step step(String title, StepStatus status) {
        return new Step(title, title, null, "server", List.of(), status, 0, Evidence.none());
    }

    private static Lab lab(String id, Step... steps) {
        return new Lab(id, id + ": a lab", StepStatus.passed(), List.of(), List.of(steps), List.of(), List.of());
    }

    private static Results results(Lab... labs) {
        return Results.of(new Run("r", "2026-11-25T00:00:00Z", 0, Tier.unknown(), List.of()), List.of(labs),
                Environment.current());
    }

    @Test
    void labsThatEachRanAStepPass() {
        RunVerdict v = RunVerdict.of(results(lab("a", step("1", StepStatus.passed())),
                lab("b", step("1", StepStatus.passed()), step("2", StepStatus.skipped("no swapon in the lab")))),
                List.of("a", "b"));
        assertThat(v.problems()).isEmpty();
        assertThat(v.passed()).isTrue();
    }

    @Test
    void aLabWhoseStepsAllSkippedFailsTheRunEvenWhenAnotherPassed() {
        RunVerdict v = RunVerdict.of(results(lab("a", step("1", StepStatus.passed())),
                lab("b", step("1", StepStatus.skipped("the engine is not running")), step("2", StepStatus.skipped("x")))),
                List.of("a", "b"));
        assertThat(v.passed()).isFalse();
        assertThat(v.problems()).containsExactly("NOTHING RAN in b: a lab: every step was skipped (the engine is not running)");
    }

    @Test
    void aLabAskedForWithNoResultsFailsTheRun() {
        RunVerdict v = RunVerdict.of(results(lab("a", step("1", StepStatus.passed()))), List.of("a", "gabia-shop-api"));
        assertThat(v.passed()).isFalse();
        assertThat(v.problems()).containsExactly("NOT RUN gabia-shop-api: the run has no results for it (see the run's output)");
    }

    @Test
    void aLabWithOnlyDeclaredKnownDefectsRanSomething() {
        RunVerdict v = RunVerdict.of(results(lab("a", step("1", StepStatus.passed())),
                lab("b", step("1", StepStatus.knownDefect("port 8000 never opened")))), List.of("a", "b"));
        assertThat(v.problems()).isEmpty();
    }
}

package io.labcheck.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What a run or one lab adds up to, and its verdict. The HTML report and the CI summary both show these,
 * so they count in one place and cannot disagree.
 *
 * @param labsFailed   labs whose suite itself failed (its setup, say), whatever their steps did
 * @param faultsMissed faults not caught, not proved applied or not proved reverted: each leaves the
 *                     chaos check unproven
 */
public record Counts(int labs, int labsFailed, int stepsPassed, int stepsFailed, int stepsSkipped, int stepsKnownDefects,
                     int faultsCaught, int faultsMissed, int documentFindings) {

    public static Counts of(Results results) {
        return results.labs().stream().map(Counts::of)
                .reduce(new Counts(0, 0, 0, 0, 0, 0, 0, 0, 0), Counts::plus);
    }

    public static Counts of(Lab lab) {
        List<Step> steps = lab.steps();
        int missed = (int) lab.faults().stream().filter(Counts::missed).count();
        return new Counts(1, lab.status().state() == StepStatus.State.FAILED ? 1 : 0,
                count(steps, StepStatus.State.PASSED), count(steps, StepStatus.State.FAILED),
                count(steps, StepStatus.State.SKIPPED), count(steps, StepStatus.State.KNOWN_DEFECT), lab.faults().size() - missed, missed,
                lab.documentFindings().size());
    }

    /** A fault counts as caught only when it was applied, diagnosed and reverted. */
    public static boolean missed(FaultResult fault) {
        return !fault.applied() || !fault.caught() || !fault.reverted();
    }

    /**
     * Why a missed fault counts as missed, in words: not applied, what was expected against what was
     * reported, not reverted. {@code codes} writes a list of finding codes the way the caller shows them.
     */
    public static String whyMissed(FaultResult fault, Function<List<String>, String> codes) {
        List<String> why = new ArrayList<>();
        if (!fault.applied()) {
            why.add("not proved applied");
        }
        if (!fault.caught()) {
            why.add("expected " + codes.apply(fault.expectedFindings()) + ", reported " + codes.apply(fault.findingsReported()));
        }
        if (!fault.reverted()) {
            why.add("not proved reverted");
        }
        return String.join("; ", why);
    }

    /** Failed when a lab or a step failed or a fault was missed; skips and declared known defects do not fail a run. */
    public boolean failed() {
        return labsFailed > 0 || stepsFailed > 0 || faultsMissed > 0;
    }

    /** Whether steps failed as their lab's sidecar declares the document's known defects. */
    public boolean hasKnownDefects() {
        return stepsKnownDefects > 0;
    }

    public int steps() {
        return stepsPassed + stepsFailed + stepsSkipped + stepsKnownDefects;
    }

    public int faults() {
        return faultsCaught + faultsMissed;
    }

    private Counts plus(Counts other) {
        return new Counts(labs + other.labs, labsFailed + other.labsFailed, stepsPassed + other.stepsPassed,
                stepsFailed + other.stepsFailed, stepsSkipped + other.stepsSkipped, stepsKnownDefects + other.stepsKnownDefects,
                faultsCaught + other.faultsCaught, faultsMissed + other.faultsMissed,
                documentFindings + other.documentFindings);
    }

    private static int count(List<Step> steps, StepStatus.State state) {
        return (int) steps.stream().filter(s -> s.status().state() == state).count();
    }
}

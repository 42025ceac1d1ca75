package io.labcheck.cli;

import io.labcheck.report.Counts;
import io.labcheck.report.FaultResult;
import io.labcheck.report.Lab;
import io.labcheck.report.Results;
import io.labcheck.report.Step;
import io.labcheck.report.StepStatus;

import java.util.ArrayList;
import java.util.List;

/**
 * What a results file says about the run, for the console: passed or not (counted by the same
 * {@link Counts} as the HTML report, so the two never disagree) and a line per thing that failed.
 * A run in which nothing passed did not validate anything, and does not pass; nor does one in which a lab ran no
 * step (all skipped), or a lab that was asked for has no results: a lab that silently did nothing is not validated.
 */
record RunVerdict(boolean passed, String summary, List<String> problems) {

    static RunVerdict of(Results results) {
        return of(results, List.of());
    }

    /** The verdict, where {@code asked} are the ids of the labs the run was asked to validate. */
    static RunVerdict of(Results results, List<String> asked) {
        Counts counts = Counts.of(results);
        List<String> problems = new ArrayList<>();
        boolean silent = false;
        for (String id : asked) {
            if (results.labs().stream().noneMatch(l -> id.equals(l.id()))) {
                problems.add("NOT RUN " + id + ": the run has no results for it (see the run's output)");
                silent = true;
            }
        }
        for (Lab lab : results.labs()) {
            Counts own = Counts.of(lab);
            if (own.stepsPassed() == 0 && own.stepsKnownDefects() == 0 && !own.failed()) {
                problems.add("NOTHING RAN in " + lab.title() + ": every step was skipped"
                        + lab.steps().stream().map(s -> s.status().reason()).filter(r -> r != null && !r.isBlank())
                                .findFirst().map(r -> " (" + r + ")").orElse(""));
                silent = true;
            }
            if (lab.status().state() == StepStatus.State.FAILED) {
                problems.add("FAIL " + lab.title() + ": " + lab.status().reason());
            }
            for (Step step : lab.steps()) {
                if (step.status().state() == StepStatus.State.FAILED) {
                    problems.add("FAIL " + lab.title() + " > " + step.title() + ": " + step.status().reason());
                }
            }
            for (FaultResult fault : lab.faults()) {
                if (Counts.missed(fault)) {
                    problems.add("MISSED " + fault.id() + ": " + Counts.whyMissed(fault,
                            codes -> codes.isEmpty() ? "nothing" : String.join(", ", codes)));
                }
            }
        }
        if (counts.stepsPassed() == 0 && !counts.failed() && !silent) {
            problems.add("nothing ran: every step was skipped (see the reasons above)");
        }
        String summary = counts.labs() + " lab suites; steps: " + counts.stepsPassed() + " passed, "
                + counts.stepsFailed() + " failed, " + counts.stepsSkipped() + " skipped"
                + (counts.hasKnownDefects() ? ", " + counts.stepsKnownDefects() + " known defects of the documents (declared)" : "")
                + "; faults caught: "
                + counts.faultsCaught() + " of " + counts.faults() + "; findings about the documents: "
                + counts.documentFindings();
        return new RunVerdict(!counts.failed() && counts.stepsPassed() > 0 && !silent, summary, List.copyOf(problems));
    }
}

package io.labcheck.cli;

import io.labcheck.report.FaultResult;
import io.labcheck.report.Lab;
import io.labcheck.report.Results;
import io.labcheck.report.Step;
import io.labcheck.report.StepStatus;

import java.util.ArrayList;
import java.util.List;

/** What a results file says about the run as a whole: passed or not, counted, and each thing that failed. */
record RunVerdict(boolean passed, String summary, List<String> problems) {

    static RunVerdict of(Results results) {
        List<String> problems = new ArrayList<>();
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        int faults = 0;
        int caught = 0;
        for (Lab lab : results.labs()) {
            if (lab.status().state() == StepStatus.State.FAILED) {
                problems.add("FAIL " + lab.title() + ": " + lab.status().reason());
            }
            for (Step step : lab.steps()) {
                switch (step.status().state()) {
                    case PASSED -> passed++;
                    case SKIPPED -> skipped++;
                    case FAILED -> {
                        failed++;
                        problems.add("FAIL " + lab.title() + " > " + step.title() + ": " + step.status().reason());
                    }
                }
            }
            for (FaultResult fault : lab.faults()) {
                faults++;
                if (fault.applied() && fault.caught() && fault.reverted()) {
                    caught++;
                } else {
                    problems.add("FAULT " + fault.id() + ": " + (!fault.applied() ? "not proved applied"
                            : !fault.caught() ? "not caught (expected " + fault.expectedFinding() + ", reported "
                            + fault.findingsReported() + ")" : "not proved reverted"));
                }
            }
        }
        long findings = results.labs().stream().mapToLong(l -> l.documentFindings().size()).sum();
        boolean ok = problems.isEmpty() && passed > 0;
        if (passed == 0 && problems.isEmpty()) {
            problems.add("nothing ran: every step was skipped (see the reasons above)");
        }
        String summary = results.labs().size() + " lab suites, " + passed + " steps passed, " + failed + " failed, "
                + skipped + " skipped; faults caught " + caught + " of " + faults + "; " + findings
                + " findings about the documents";
        return new RunVerdict(ok, summary, List.copyOf(problems));
    }
}

package io.labcheck.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A lab's status as reports show it. JUnit passes a test class whose tests failed (only its own setup
 * can fail it), so a lab shows as failed, saying what failed, when a step failed or a fault was missed:
 * no report may say PASSED above a failed step.
 */
final class LabStatus {
    private LabStatus() {
    }

    static StepStatus shown(Lab lab) {
        Counts counts = Counts.of(lab);
        if (lab.status().state() != StepStatus.State.PASSED || !counts.failed()) {
            return lab.status();
        }
        List<String> problems = new ArrayList<>();
        if (counts.stepsFailed() > 0) {
            problems.add(plural(counts.stepsFailed(), "step") + " failed");
        }
        if (counts.faultsMissed() > 0) {
            problems.add(plural(counts.faultsMissed(), "fault") + " missed");
        }
        return StepStatus.failed(String.join(", ", problems));
    }

    private static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}

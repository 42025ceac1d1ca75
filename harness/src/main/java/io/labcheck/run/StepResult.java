package io.labcheck.run;

import java.util.List;

/**
 * How one step of a lab went.
 *
 * @param status   passed, failed, skipped (it stood on a step that did not pass), not runnable here, or failed as
 *                 the sidecar declares the document's known defect (mended by its repair where it gives one)
 * @param reason   why it did not pass ("" when it passed)
 * @param evidence what it ran and what came of it
 */
public record StepResult(Status status, String reason, List<Evidence.Entry> evidence) {
    public enum Status { PASSED, FAILED, SKIPPED, NOT_RUNNABLE, KNOWN_DEFECT }

    public StepResult {
        evidence = List.copyOf(evidence);
    }

    public boolean passed() {
        return status == Status.PASSED;
    }
}

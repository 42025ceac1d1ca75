package io.labcheck.report;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;
import java.util.Objects;

/**
 * Passed, or failed / skipped / a known defect with a one-line reason. A known defect is a failure the lab's sidecar
 * declares the document's own (an expected failure): reported apart, it does not fail the run.
 */
public record StepStatus(State state, String reason) {
    public enum State {
        PASSED, FAILED, SKIPPED, KNOWN_DEFECT;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public StepStatus {
        Objects.requireNonNull(state, "state");
        if (state != State.PASSED && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException(state.json() + " needs a reason");
        }
    }

    public static StepStatus passed() {
        return new StepStatus(State.PASSED, null);
    }

    public static StepStatus failed(String reason) {
        return new StepStatus(State.FAILED, reason);
    }

    public static StepStatus knownDefect(String reason) {
        return new StepStatus(State.KNOWN_DEFECT, reason);
    }

    public static StepStatus skipped(String reason) {
        return new StepStatus(State.SKIPPED, reason);
    }
}

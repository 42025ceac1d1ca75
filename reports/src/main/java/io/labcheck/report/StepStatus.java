package io.labcheck.report;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;
import java.util.Objects;

/** Passed, or failed / skipped with a one-line reason. */
public record StepStatus(State state, String reason) {
    public enum State {
        PASSED, FAILED, SKIPPED;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
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

    public static StepStatus skipped(String reason) {
        return new StepStatus(State.SKIPPED, reason);
    }
}

package io.labcheck.ci;

/** A workflow file that no CI service would run as written; the message names what is wrong and where. */
public final class WorkflowException extends RuntimeException {
    public WorkflowException(String message) {
        super(message);
    }
}

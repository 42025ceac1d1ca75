package io.labcheck.fault;

/** A fault could not be injected or reverted; a revert that fails is an error, never a warning. */
public class FaultException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FaultException(String message) {
        super(message);
    }

    public FaultException(String message, Throwable cause) {
        super(message, cause);
    }
}

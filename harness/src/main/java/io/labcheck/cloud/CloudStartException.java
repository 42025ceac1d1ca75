package io.labcheck.cloud;

/** A cloud could not be started; the message says why and what to change. */
public class CloudStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CloudStartException(String message) {
        super(message);
    }

    public CloudStartException(String message, Throwable cause) {
        super(message, cause);
    }
}

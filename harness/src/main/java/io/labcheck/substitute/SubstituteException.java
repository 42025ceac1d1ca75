package io.labcheck.substitute;

/** A substitute (the local package index standing in for PyPI, ...) cannot do its part: the message says why and what to do. */
public class SubstituteException extends RuntimeException {
    public SubstituteException(String message) {
        super(message);
    }

    public SubstituteException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.labcheck.lab;

/** A lab document that cannot be used; the message names the problem and the fix. */
public class LabDocumentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LabDocumentException(String message) {
        super(message);
    }
}

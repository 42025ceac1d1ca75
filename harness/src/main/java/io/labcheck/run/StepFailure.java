package io.labcheck.run;

/** A step did not do what the document says: the message names what and shows why. */
public class StepFailure extends RuntimeException {
    public StepFailure(String message) {
        super(message);
    }
}

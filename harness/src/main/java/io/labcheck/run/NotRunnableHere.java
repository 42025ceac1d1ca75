package io.labcheck.run;

/** A step needs what nothing here can stand in for (a download from the internet, a paid service, a GUI). */
public final class NotRunnableHere extends RuntimeException {
    public NotRunnableHere(String reason) {
        super(reason);
    }
}

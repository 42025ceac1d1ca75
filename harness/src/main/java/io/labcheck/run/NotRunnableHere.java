package io.labcheck.run;

/** A step needs what nothing here can stand in for (a download from the internet, a paid service, a GUI). */
public final class NotRunnableHere extends RuntimeException {
    /** What a program prints when it reaches for the internet this machine has no route to. */
    static final java.util.regex.Pattern OFFLINE = java.util.regex.Pattern.compile("Could not resolve host"
            + "|Temporary failure in name resolution|Network is unreachable|Name or service not known"
            + "|No address associated with hostname|All attempts to connect to [\\w.-]+ failed");

    private final boolean laterStepsStandOnIt;

    public NotRunnableHere(String reason) {
        this(reason, true);
    }

    /**
     * @param laterStepsStandOnIt false for a step whose effect nothing after it uses (a page read on the
     *                            internet): a later failure is then the document's own, not this step's absence
     */
    public NotRunnableHere(String reason, boolean laterStepsStandOnIt) {
        super(reason);
        this.laterStepsStandOnIt = laterStepsStandOnIt;
    }

    public boolean laterStepsStandOnIt() {
        return laterStepsStandOnIt;
    }
}

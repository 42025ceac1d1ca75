package io.labcheck.lab;

/** What a step does. */
public enum StepKind {
    /** Shell commands to run. */
    RUN,
    /** Write a file with the given content (an editor command followed by the file's content, or a named file). */
    WRITE_FILE,
    /** A cloud console or API action with the values the document names. */
    CLOUD_ACTION,
    /** Open a URL in a browser. */
    BROWSE,
    /**
     * A CI workflow the document wrote ({@code .github/workflows/*.yml}), run as its service runs it on a push: each
     * job on a hosted runner, in the order its {@code needs} say. The document never types it; its {@code on:} does.
     */
    WORKFLOW
}

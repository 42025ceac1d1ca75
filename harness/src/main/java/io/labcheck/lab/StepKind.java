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
    BROWSE
}

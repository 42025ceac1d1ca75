package io.labcheck.lab.lint;

/** How bad a finding is: an ERROR makes {@code labcheck lint} exit 1. */
public enum Severity {
    /** The document contradicts itself: a student following it will fail. */
    ERROR,
    /** Likely to fail, or depends on something the document does not say. */
    WARNING
}

package io.labcheck.junit;

/** How long one cloud lives. */
public enum CloudScope {
    /** Started before the class's first test, removed after its last. */
    CLASS,
    /** Shared by every class with the same settings; removed when the test run ends. */
    SUITE
}

package io.labcheck.report;

import org.opentest4j.TestAbortedException;

/**
 * Ends a step that failed as the lab's sidecar declares the document's known defect. An abort to JUnit (it does
 * not fail the build, as an expected failure must not), recorded apart from a skip: {@code known-defect}.
 */
public final class KnownDefectException extends TestAbortedException {
    public KnownDefectException(String reason) {
        super(reason);
    }
}

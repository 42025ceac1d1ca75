package io.labcheck.report;

import java.util.List;

/**
 * What a step left behind to judge it by. Null fields mean the step did not record them.
 *
 * @param outputTail the last lines of the step's output, not the whole of it
 * @param entries    every fact the step published (JUnit report entries), in order
 */
public record Evidence(Integer exitCode, String outputTail, Integer httpStatus, List<Entry> entries) {
    public Evidence {
        entries = List.copyOf(entries);
    }

    public static Evidence none() {
        return new Evidence(null, null, null, List.of());
    }
}

package io.labcheck.report;

import java.util.List;
import java.util.Objects;

/**
 * One fault injected into a lab's deployment and what the diagnosis made of it.
 *
 * @param expectedFindings the finding codes the fault must produce (two for a pair of faults injected at once)
 * @param findingsReported the finding codes the diagnosis reported
 * @param caught           whether the expected finding was among them
 * @param diagnosisMs      how long the diagnosis took, null when it did not run
 */
public record FaultResult(String id, boolean applied, List<String> expectedFindings, List<String> findingsReported,
                          boolean caught, boolean reverted, Long diagnosisMs) {
    public FaultResult {
        Objects.requireNonNull(id, "id");
        expectedFindings = List.copyOf(expectedFindings);
        findingsReported = List.copyOf(findingsReported);
    }
}

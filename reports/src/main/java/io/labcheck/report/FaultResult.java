package io.labcheck.report;

import java.util.List;
import java.util.Objects;

/**
 * One fault injected into a lab's deployment and what the diagnosis made of it.
 *
 * @param expectedFinding  the finding code the fault must produce
 * @param findingsReported the finding codes the diagnosis reported
 * @param caught           whether the expected finding was among them
 * @param diagnosisMs      how long the diagnosis took, null when it did not run
 */
public record FaultResult(String id, boolean applied, String expectedFinding, List<String> findingsReported,
                          boolean caught, boolean reverted, Long diagnosisMs) {
    public FaultResult {
        Objects.requireNonNull(id, "id");
        findingsReported = List.copyOf(findingsReported);
    }
}

package io.labcheck.scenarios.labs;

import io.labcheck.cloud.HostKind;
import io.labcheck.junit.LabCloud;
import io.labcheck.junit.LabSuite;
import io.labcheck.junit.RunsLab;

import org.junit.jupiter.api.DisplayName;

/**
 * Every lab of {@link Labs}, run from its document: each step where the student would run it, then each
 * fault that applies to what it deployed. {@code -Dlabcheck.labs=ID,...} (or a document's path) picks labs.
 */
@LabCloud(hosts = HostKind.CONTAINER)
@RunsLab(source = Labs.class)
@DisplayName("labs run from their documents")
class DocumentLabsScenario implements LabSuite {
}

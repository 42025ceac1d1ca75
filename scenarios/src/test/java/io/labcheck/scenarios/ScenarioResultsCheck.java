package io.labcheck.scenarios;


import io.labcheck.report.Lab;
import io.labcheck.report.Results;
import io.labcheck.report.ResultsReader;
import io.labcheck.report.ResultsSchema;
import io.labcheck.report.ResultsWriter;
import io.labcheck.report.Step;
import io.labcheck.report.StepStatus;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * The project's own scenario runs produce results that the schema accepts. Needs no Docker: the cloud
 * steps run on the embedded cloud. A *Check, run by its own Surefire execution after the scenarios.
 */
class ScenarioResultsCheck {
    private static final String CLOUD_STEPS = "io.labcheck.scenarios.cloud.CloudStepsScenario";

    @Test
    void theCloudStepsRunRecordsEveryStepPassedInASchemaValidFile(@TempDir Path dir) throws IOException {
        var summary = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request().selectors(selectClass(CLOUD_STEPS))
                .configurationParameter("labcheck.results.dir", dir.toString()).build(), summary);

        Path file = dir.resolve(ResultsWriter.FILE_NAME);
        assertValid(file);
        Lab lab = new ResultsReader().read(file).labs().get(0);
        assertThat(lab.id()).as("the id labcheck list gives it, not the class name").isEqualTo("ec2-cloud");
        assertThat(lab.title()).isEqualTo("Cloud steps of the EC2 labs");
        assertThat(lab.steps()).hasSize(8).extracting(Step::status).containsOnly(StepStatus.passed());
        assertThat(lab.steps().get(0).title()).startsWith("1. create key pair my_app");
        assertThat(summary.getSummary().getTotalFailureCount()).isZero();
    }

    /** The file `mvn verify` leaves in scenarios/target/labcheck-results, from the scenarios run just before. */
    @Test
    void theScenariosRunLeftASchemaValidFile() throws IOException {
        String expected = System.getProperty("labcheck.results.expected");
        Assumptions.assumeTrue(expected != null, "run by Maven's results-check execution only");
        Path file = Path.of(expected);
        assertThat(file).exists();
        assertValid(file);
        Results results = new ResultsReader().read(file);
        assertThat(results.labs()).extracting(Lab::id).contains("ec2-cloud");
    }

    private static void assertValid(Path file) throws IOException {
        assertThat(ResultsSchema.problems(file)).as(file.toString()).isEmpty();
    }
}

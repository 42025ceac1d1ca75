package io.labcheck.cli;

import io.labcheck.cloud.CloudSettings;
import io.labcheck.cloud.HostKind;
import io.labcheck.host.Datacenter;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A smoke of {@code labcheck bench}, one run of each figure, so that it cannot rot: every figure has its floor
 * beside it, measured, and the ratio; the JSON file holds the samples. It asserts no time.
 */
class BenchCommandTest {

    @Test
    void everyFigureComesWithItsFloorAndTheRatio(@TempDir Path dir) throws Exception {
        boolean hosts = Datacenter.availability(CloudSettings.defaults().withHosts(HostKind.CONTAINER)).available();
        if (!hosts && System.getenv("LABCHECK_REQUIRE_DOCKER") != null) {
            throw new AssertionError("LABCHECK_REQUIRE_DOCKER is set and container hosts cannot run: the SSH figures need them");
        }
        Path json = dir.resolve("bench.json");
        // one fault and a class of two: the lab's deployment is the cost, not the number of figures
        Cli.Outcome bench = Cli.run("bench", hosts ? "all" : "startup", "--runs", "1", "--cold-runs", "1", "--faults",
                "app-not-running", "--classes", "1,2", "--json", json.toString());
        System.out.println(bench.out());
        assertThat(bench.exitCode()).as(bench.all()).isZero();
        JsonNode doc = new ObjectMapper().readTree(json.toFile());
        assertThat(doc.get("machine").get("cores").asInt()).isPositive();
        JsonNode all = doc.get("benchmarks");
        assertThat(all).extracting(b -> b.get("name").asText()).startsWith("startup, warm", "startup, cold");
        if (hosts) {
            assertThat(all).extracting(b -> b.get("name").asText()).contains("first-ssh", "ssh-exec",
                    "diagnosis, app-not-running", "grade, class of 1", "grade, class of 2");
            assertThat(bench.out()).contains("fastapi-systemd deployed from its document");
        }
        for (JsonNode b : all) {
            // a class's samples are its servers' times; every other figure has one sample a run
            assertThat(b.get("samples")).hasSize(b.get("name").asText().equals("grade, class of 2") ? 2 : 1);
            assertThat(b.get("median").asDouble()).as(b.toString()).isPositive();
            assertThat(b.get("floor").get("median").asDouble()).as(b.toString()).isPositive();
            assertThat(b.get("ratio").asDouble()).isEqualTo(b.get("median").asDouble() / b.get("floor").get("median").asDouble());
            assertThat(bench.out()).contains(b.get("name").asText()).contains("x the floor");
        }
    }

    /** validate of one lab (the cloud steps: no container hosts needed), whole, beside its steps, and the peak memory. */
    @Test
    void validateIsTimedWholeBesideItsStepsWithThePeakMemory(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("bench.json");
        Cli.Outcome bench = Cli.run("bench", "validate", "--labs", "ec2-cloud", "--json", json.toString());
        System.out.println(bench.out());
        assertThat(bench.exitCode()).as(bench.all()).isZero();
        JsonNode doc = new ObjectMapper().readTree(json.toFile());
        JsonNode figure = doc.get("benchmarks").get(0);
        assertThat(figure.get("name").asText()).isEqualTo("validate ec2-cloud");
        assertThat(figure.get("floor").get("median").asDouble()).as("its steps took time").isPositive();
        assertThat(figure.get("median").asDouble()).as("the whole run holds its steps")
                .isGreaterThan(figure.get("floor").get("median").asDouble());
        assertThat(doc.get("memory").asText()).containsPattern("resident \\d+ MiB, heap \\d+ MiB");
    }

    @Test
    void anUnknownFaultOrBenchmarkIsAUserErrorNamingTheChoices() {
        Cli.Outcome fault = Cli.run("bench", "diagnosis", "--faults", "disk-full");
        assertThat(fault.exitCode()).isNotZero();
        assertThat(fault.all()).contains("unknown faults [disk-full]").contains("app-not-running").doesNotContain("Exception");
        Cli.Outcome bench = Cli.run("bench", "speed");
        assertThat(bench.all()).contains("unknown benchmark 'speed'").contains("validate");
    }
}

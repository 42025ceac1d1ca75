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
        Cli.Outcome bench = Cli.run("bench", hosts ? "all" : "startup", "--runs", "1", "--cold-runs", "1", "--json",
                json.toString());
        System.out.println(bench.out());
        assertThat(bench.exitCode()).as(bench.all()).isZero();
        JsonNode doc = new ObjectMapper().readTree(json.toFile());
        assertThat(doc.get("machine").get("cores").asInt()).isPositive();
        JsonNode all = doc.get("benchmarks");
        assertThat(all).extracting(b -> b.get("name").asText()).startsWith("startup, warm", "startup, cold");
        if (hosts) {
            assertThat(all).extracting(b -> b.get("name").asText()).contains("first-ssh", "ssh-exec");
        }
        for (JsonNode b : all) {
            assertThat(b.get("samples")).hasSize(1);
            assertThat(b.get("median").asDouble()).as(b.toString()).isPositive();
            assertThat(b.get("floor").get("median").asDouble()).as(b.toString()).isPositive();
            assertThat(b.get("ratio").asDouble()).isEqualTo(b.get("median").asDouble() / b.get("floor").get("median").asDouble());
            assertThat(bench.out()).contains(b.get("name").asText()).contains("x the floor");
        }
    }
}

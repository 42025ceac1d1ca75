package io.labcheck.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A user stops {@code labcheck validate} half-way (Ctrl-C or a CI job's SIGTERM): the containers it
 * started are removed on the way out (Testcontainers' JVM hook does it, Ryuk being off), not left running
 * with their memory. A kill -9 gets no way out: the next run sweeps those (OrphanSweepTest).
 */
class InterruptedRunTest {

    @Test
    void aStoppedRunLeavesNoContainersBehind(@TempDir Path dir) throws Exception {
        boolean docker = EnvironmentSetup.engineAnswers();
        if (!docker && System.getenv("LABCHECK_REQUIRE_DOCKER") != null) {
            fail("LABCHECK_REQUIRE_DOCKER is set but no Docker engine answers");
        }
        assumeTrue(docker, "no Docker engine answers: start one with fixtures/docker-engine.sh");

        Process run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Labcheck.class.getName(),
                "validate", "fastapi-nohup", "--faults", "none", "--no-setup", "--report-dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("console.txt").toFile()).start();
        try {
            await("the run's first container").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                    .until(() -> containersOf(run.pid()), ids -> !ids.isEmpty());

            run.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the JVM runs its shutdown hooks
            assertThat(run.waitFor(60, TimeUnit.SECONDS)).as("the run stops").isTrue();

            assertThat(containersOf(run.pid())).as("containers left by the stopped run").isEmpty();
        } finally {
            run.destroyForcibly();
        }
    }

    /** The containers a labcheck process made, by the owner label it puts on them. */
    private static List<String> containersOf(long pid) throws IOException, InterruptedException {
        Process ps = new ProcessBuilder("docker", "ps", "-a", "--filter", "label=org.labcheck.managed=true",
                "--format", "{{.ID}} {{.Label \"org.labcheck.owner\"}}").redirectErrorStream(true).start();
        String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        ps.waitFor(30, TimeUnit.SECONDS);
        return out.lines().filter(l -> l.endsWith("/" + pid)).map(l -> l.split(" ")[0]).toList();
    }
}

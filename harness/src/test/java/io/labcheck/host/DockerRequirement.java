package io.labcheck.host;

import org.testcontainers.DockerClientFactory;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests that need a Docker engine and the host image skip without them, saying so, unless
 * LABCHECK_REQUIRE_DOCKER is set (CI sets it): then a missing engine fails the run instead.
 */
public final class DockerRequirement {
    public static void require() {
        boolean required = System.getenv("LABCHECK_REQUIRE_DOCKER") != null;
        String why = null;
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            why = "no Docker engine answers (start one with .ci/docker-engine.sh)";
        } else {
            try {
                DockerClientFactory.instance().client().inspectImageCmd(HostImage.configuredName()).exec();
            } catch (RuntimeException e) {
                why = "the host image " + HostImage.configuredName() + " is not built (fixtures/host-image/build.sh all)";
            }
        }
        if (why != null) {
            if (required) {
                fail("LABCHECK_REQUIRE_DOCKER is set but " + why);
            }
            assumeTrue(false, why);
        }
    }

    private DockerRequirement() {}
}

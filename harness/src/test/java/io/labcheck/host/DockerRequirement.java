package io.labcheck.host;

import io.labcheck.cloud.Availability;
import io.labcheck.cloud.CloudSettings;
import io.labcheck.cloud.HostKind;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests that need a Docker engine and the host image skip without them, saying so, unless
 * LABCHECK_REQUIRE_DOCKER is set (CI sets it): then a missing engine fails the run instead.
 */
public final class DockerRequirement {
    public static void require() {
        // The same check the extension and the CLI make before starting container hosts.
        Availability hosts = Datacenter.availability(CloudSettings.defaults().withHosts(HostKind.CONTAINER));
        if (hosts.available()) {
            return;
        }
        if (System.getenv("LABCHECK_REQUIRE_DOCKER") != null) {
            fail("LABCHECK_REQUIRE_DOCKER is set but " + hosts.reason());
        }
        assumeTrue(false, hosts.reason());
    }

    private DockerRequirement() {}
}

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

    /** As {@link #require()}, and the internet image too (public DNS, the ACME authority). */
    public static void requireInternet() {
        require();
        try {
            io.labcheck.substitute.PublicDns.requireImage(org.testcontainers.DockerClientFactory.instance().client(),
                    io.labcheck.substitute.PublicDns.configuredImage());
        } catch (io.labcheck.substitute.SubstituteException e) {
            if (System.getenv("LABCHECK_REQUIRE_DOCKER") != null) {
                fail("LABCHECK_REQUIRE_DOCKER is set but " + e.getMessage());
            }
            assumeTrue(false, e.getMessage());
        }
    }

    private DockerRequirement() {}
}

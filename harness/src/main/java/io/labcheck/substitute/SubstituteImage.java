package io.labcheck.substitute;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;

import java.util.List;

import org.testcontainers.containers.GenericContainer;

/**
 * An image a substitute runs from: named by a system property, else an environment variable, else its default;
 * built here, never pulled. Also what its containers share: their bridge address and the tail of their log.
 *
 * @param what     what it stands in for, as an error message says it ("the package index image")
 * @param property the system property naming another image
 * @param env      the environment variable naming another image
 * @param fallback the image labcheck builds
 * @param target   the build.sh target that builds it
 */
record SubstituteImage(String what, String property, String env, String fallback, String target) {

    String configured() {
        String fromEnv = System.getenv(env);
        return System.getProperty(property, fromEnv == null || fromEnv.isBlank() ? fallback : fromEnv);
    }

    /** Absent, it says how to build it. */
    void require(DockerClient docker, String image) {
        try {
            docker.inspectImageCmd(image).exec();
        } catch (NotFoundException e) {
            throw new SubstituteException(what + " " + image + " is not on this machine and is never pulled: build it"
                    + " with fixtures/host-image/build.sh all (or build.sh " + target + "), or name another with -D"
                    + property + "=");
        }
    }

    static String bridgeAddress(DockerClient docker, GenericContainer<?> container, String whose) {
        return docker.inspectContainerCmd(container.getContainerId()).exec().getNetworkSettings()
                .getNetworks().values().stream().map(n -> n.getIpAddress()).filter(a -> a != null && !a.isBlank())
                .findFirst().orElseThrow(() -> new SubstituteException(whose + " has no bridge address"));
    }

    /** The last {@code lines} lines of a log. */
    static String tail(String log, int lines) {
        String[] all = log.strip().split("\n");
        return String.join("\n", List.of(all).subList(Math.max(0, all.length - lines), all.length));
    }
}

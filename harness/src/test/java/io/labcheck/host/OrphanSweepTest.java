package io.labcheck.host;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;

import java.io.IOException;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Containers a killed labcheck process left behind are removed by the next run on the machine; those of
 * a live process or of another machine are not. (A run stopped with SIGTERM is tested end to end in the
 * cli module: InterruptedRunTest.)
 */
class OrphanSweepTest {

    @BeforeAll
    static void needsDocker() {
        DockerRequirement.require();
    }

    @Test
    void onlyContainersWhoseOwnerProcessIsGoneAreSwept() throws Exception {
        DockerClient docker = DockerClientFactory.instance().client();
        String here = Owner.current().substring(0, Owner.current().lastIndexOf('/'));
        String orphan = create(docker, here + "/" + deadPid());
        String live = create(docker, Owner.current());
        String elsewhere = create(docker, "another-machine/" + deadPid());
        try {
            int removed = ContainerHosts.sweepOrphans(docker);

            assertThat(removed).isGreaterThanOrEqualTo(1);
            assertThatThrownBy(() -> docker.inspectContainerCmd(orphan).exec()).isInstanceOf(NotFoundException.class);
            assertThat(docker.inspectContainerCmd(live).exec().getId()).isEqualTo(live);
            assertThat(docker.inspectContainerCmd(elsewhere).exec().getId()).isEqualTo(elsewhere);
        } finally {
            for (String id : new String[] {orphan, live, elsewhere}) {
                try {
                    docker.removeContainerCmd(id).withForce(true).exec();
                } catch (NotFoundException gone) {
                    // swept, as it should be
                }
            }
        }
    }

    /** A container made as a labcheck run makes them, never started: enough for the sweep, cheap to make. */
    private static String create(DockerClient docker, String owner) {
        return docker.createContainerCmd(HostImage.configuredName())
                .withLabels(Map.of(ContainerHosts.LABEL_MANAGED, "true", ContainerHosts.LABEL_RUN_ID, "sweep-test",
                        ContainerHosts.LABEL_OWNER, owner))
                .exec().getId();
    }

    /** The pid of a process that has just ended. */
    private static long deadPid() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }
}

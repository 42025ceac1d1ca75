package io.labcheck.host;

import io.labcheck.cloud.CloudSettings;
import io.labcheck.cloud.embedded.EmbeddedCloud;

import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Instances as containers, driven only through the EC2 API and checked from inside the container. */
class ContainerHostsTest {

    @BeforeAll
    static void needsDocker() {
        DockerRequirement.require();
    }

    private static Instance describe(Ec2Client ec2, String id) {
        return ec2.describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0);
    }

    private static void awaitState(Ec2Client ec2, String id, InstanceStateName state) {
        await(id + " to be " + state).atMost(Duration.ofSeconds(90)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(100)).until(() -> describe(ec2, id).state().name(), s -> s == state);
    }

    @Test
    void anInstanceIsAContainerWithTheKeyTheMemoryAndADiskThatSurvivesAStop() {
        CloudSettings settings = CloudSettings.defaults();
        ContainerHosts hosts = ContainerHosts.create(settings.runId(), HostImage.configuredName());
        try (EmbeddedCloud cloud = EmbeddedCloud.start(settings, hosts)) {
            cloud.attach(hosts);
            Ec2Client ec2 = cloud.ec2();
            String publicKey = ec2.createKeyPair(r -> r.keyName("my_app")).keyName();
            String id = ec2.runInstances(r -> r.imageId("ami-0c9c942bd7bf113a2").instanceType("t2.micro")
                    .keyName(publicKey).minCount(1).maxCount(1)).instances().get(0).instanceId();
            assertEquals(InstanceStateName.PENDING, describe(ec2, id).state().name(), "pending while the host boots");
            awaitState(ec2, id, InstanceStateName.RUNNING);

            String key = cloud.instance(id).orElseThrow().authorizedKey();
            var authorized = hosts.execAsRoot(id, Duration.ofSeconds(10), "stat", "-c", "%U %a",
                    "/home/ubuntu/.ssh/authorized_keys");
            assertEquals("ubuntu 600", authorized.stdout().trim());
            assertEquals(key, hosts.execAsRoot(id, Duration.ofSeconds(10), "cat",
                    "/home/ubuntu/.ssh/authorized_keys").stdout().trim());
            var limit = hosts.execAsRoot(id, Duration.ofSeconds(10), "sh", "-c",
                    "cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max");
            assertEquals(String.valueOf(1024L * 1024 * 1024), limit.stdout().trim(), "t2.micro has 1 GiB");

            hosts.execAsRoot(id, Duration.ofSeconds(10), "sh", "-c", "echo kept > /home/ubuntu/note.txt");
            String containerId = hosts.host(id).orElseThrow().containerId();
            ec2.stopInstances(r -> r.instanceIds(id));
            awaitState(ec2, id, InstanceStateName.STOPPED);
            var docker = DockerClientFactory.instance().client();
            assertEquals(Boolean.FALSE, docker.inspectContainerCmd(containerId).exec().getState().getRunning());
            assertThat(hosts.host(id).orElseThrow().bridgeAddress()).isEmpty();

            ec2.startInstances(r -> r.instanceIds(id));
            awaitState(ec2, id, InstanceStateName.RUNNING);
            assertThat(hosts.host(id).orElseThrow().bridgeAddress()).isPresent();
            assertEquals("kept", hosts.execAsRoot(id, Duration.ofSeconds(10), "cat", "/home/ubuntu/note.txt")
                    .stdout().trim(), "the disk survives a stop and start");

            ec2.terminateInstances(r -> r.instanceIds(id));
            awaitState(ec2, id, InstanceStateName.TERMINATED);
            assertThat(docker.listContainersCmd().withShowAll(true).withIdFilter(java.util.List.of(containerId)).exec())
                    .as("terminate removes the container").isEmpty();
        }
        assertThat(DockerClientFactory.instance().client().listContainersCmd().withShowAll(true)
                .withLabelFilter(java.util.Map.of(ContainerHosts.LABEL_RUN_ID, settings.runId())).exec())
                .as("nothing of the run is left").isEmpty();
    }
}

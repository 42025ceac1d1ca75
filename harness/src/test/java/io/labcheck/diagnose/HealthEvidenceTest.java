package io.labcheck.diagnose;

import io.labcheck.cloud.Cloud;
import io.labcheck.cloud.HostKind;
import io.labcheck.host.ContainerHosts;
import io.labcheck.junit.LabCloud;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * "Nothing wrong" is shown, not assumed: on a healthy deployment every probe answers and shows health, and with
 * any one probe made to fail the same deployment is reported "could not check" that probe, never healthy.
 */
@LabCloud(hosts = HostKind.CONTAINER)
class HealthEvidenceTest {

    @Test
    void aHealthyDeploymentIsHealthyOnlyWhileEveryProbeAnswers(Cloud cloud, ContainerHosts hosts, @TempDir Path dir)
            throws Exception {
        Assumptions.assumeTrue(hosts != null, "needs container hosts");
        Subject subject = deploy(cloud, hosts, dir);

        Diagnosis.Report healthy;
        try (Diagnosis d = new Diagnosis()) {
            healthy = d.run(subject);
        }
        assertThat(healthy.verdict()).as(healthy.summary() + "\n" + healthy.observations().probes())
                .isEqualTo(Diagnosis.Verdict.HEALTHY);
        assertThat(healthy.observations().probes()).extracting(Probe::name)
                .containsExactlyInAnyOrderElementsOf(Diagnosis.probeNames(subject));

        for (String probe : Diagnosis.probeNames(subject)) {
            Diagnosis.Report r;
            try (Diagnosis d = new Diagnosis(EnumSet.allOf(Rule.class), Set.of(probe))) {
                r = d.run(subject);
            }
            assertThat(r.healthy()).as("healthy with '" + probe + "' failing: " + r.summary()).isFalse();
            assertThat(r.verdict()).as(probe + ": " + r.summary()).isEqualTo(Diagnosis.Verdict.INCOMPLETE);
            assertThat(r.couldNotCheck()).as(probe).contains("could not check " + probe
                    + ": failed, this probe was made to fail");
        }
    }

    /** A key pair at 0400, a group admitting 22 and 8000, an instance, and a web server on 0.0.0.0:8000 in it. */
    private static Subject deploy(Cloud cloud, ContainerHosts hosts, Path dir) throws Exception {
        Ec2Client ec2 = cloud.ec2();
        String keyName = "health-" + System.nanoTime();
        Path pem = dir.resolve(keyName + ".pem");
        Files.writeString(pem, ec2.createKeyPair(r -> r.keyName(keyName)).keyMaterial() + "\n");
        Files.setPosixFilePermissions(pem, PosixFilePermissions.fromString("r--------"));
        String groupId = ec2.createSecurityGroup(r -> r.groupName(keyName).description("health")).groupId();
        for (int port : List.of(22, 8000)) {
            ec2.authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(IpPermission.builder()
                    .ipProtocol("tcp").fromPort(port).toPort(port)
                    .ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build()).build()));
        }
        String id = ec2.runInstances(r -> r.imageId(cloud.ubuntu2204ImageId()).instanceType("t2.micro")
                .keyName(keyName).securityGroupIds(groupId).minCount(1).maxCount(1)).instances().get(0).instanceId();
        await(id + " to be running").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .until(() -> ec2.describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0)
                        .state().name() == InstanceStateName.RUNNING);
        String start = "cd ~ && nohup python3 -m http.server 8000 --bind 0.0.0.0 > server.log 2>&1 < /dev/null &";
        hosts.execAsRoot(id, Duration.ofSeconds(10), "su", "-", "ubuntu", "-c", start);
        await("the web server to answer inside " + id).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> hosts.execAsRoot(id, Duration.ofSeconds(10), "curl", "-s", "-o", "/dev/null", "-w",
                        "%{http_code}", "http://127.0.0.1:8000/").stdout().trim().equals("200"));
        return new Subject(ec2, id, pem, "ubuntu", 8000, start, "python3 -m http.server 8000 --bind 0.0.0.0", Map.of());
    }
}

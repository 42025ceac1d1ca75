package io.labcheck.scenarios.cloud;

import io.labcheck.cloud.Cloud;
import io.labcheck.junit.LabCloud;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestReporter;

import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.KeyType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.VolumeType;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cloud-console steps the seed labs share (the EC2 chapter's key pair, security group and
 * t2.micro; the deployment guide's 22/80/443/8000 rules and 30 GB gp3 disk; the Elastic IP of the blog
 * notes), done through the API, one test per step, each checking the end state it leaves.
 */
@LabCloud
@DisplayName("Cloud steps of the EC2 labs")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CloudStepsScenario {
    private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(5);

    private final Path workstation;
    private String keyName;
    private String groupId;
    private String instanceId;
    private String allocationId;
    private String elasticIp;

    CloudStepsScenario() throws IOException {
        workstation = Files.createTempDirectory("labcheck-workstation-");
    }

    /** Results name the lab as labcheck list does, not by this class's name. */
    @BeforeAll
    void labId(TestReporter reporter) {
        reporter.publishEntry("lab id", "ec2-cloud");
    }

    @AfterAll
    void removeWorkstation() throws IOException {
        try (var files = Files.walk(workstation)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    @Order(1)
    @DisplayName("1. create key pair my_app (RSA, .pem) and keep the file at mode 400")
    void createKeyPair(Cloud cloud) throws IOException {
        keyName = "my_app-" + cloud.runId();
        var key = cloud.ec2().createKeyPair(r -> r.keyName(keyName).keyType(KeyType.RSA));
        Path pem = workstation.resolve("my_app.pem");
        Files.writeString(pem, key.keyMaterial() + "\n", StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(pem, PosixFilePermissions.fromString("r--------"));

        assertEquals(Set.of(PosixFilePermission.OWNER_READ), Files.getPosixFilePermissions(pem), "chmod 400");
        assertTrue(Files.readString(pem).startsWith("-----BEGIN RSA PRIVATE KEY-----"), "a PEM private key");
        assertEquals(1, cloud.ec2().describeKeyPairs(r -> r.keyNames(keyName)).keyPairs().size());
    }

    @Test
    @Order(2)
    @DisplayName("2. create a security group open on 22, 80, 443 and 8000")
    void createSecurityGroup(Cloud cloud) {
        Ec2Client ec2 = cloud.ec2();
        groupId = ec2.createSecurityGroup(r -> r.groupName("launch-wizard-" + cloud.runId())
                .description("SSH, HTTP, HTTPS and the app")).groupId();
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(
                tcp(22), tcp(80), tcp(443), tcp(8000)));

        var ports = ec2.describeSecurityGroups(r -> r.groupIds(groupId)).securityGroups().get(0).ipPermissions()
                .stream().map(IpPermission::fromPort).sorted().toList();
        assertEquals(java.util.List.of(22, 80, 443, 8000), ports);
    }

    @Test
    @Order(3)
    @DisplayName("3. launch a t2.micro Ubuntu 22.04 x86_64 instance in ap-northeast-2 with 30 GB gp3")
    void launchInstance(Cloud cloud) {
        assertEquals("ap-northeast-2", cloud.region());
        Ec2Client ec2 = cloud.ec2();
        String imageId = cloud.ubuntu2204ImageId();
        String rootDevice = ec2.describeImages(r -> r.imageIds(imageId)).images().get(0).rootDeviceName();
        instanceId = ec2.runInstances(r -> r.imageId(imageId).instanceType("t2.micro").keyName(keyName)
                        .securityGroupIds(groupId).minCount(1).maxCount(1)
                        .blockDeviceMappings(b -> b.deviceName(rootDevice)
                                .ebs(e -> e.volumeSize(30).volumeType(VolumeType.GP3)))
                        .tagSpecifications(t -> t.resourceType(ResourceType.INSTANCE)
                                .tags(tag -> tag.key("Name").value("my_app"))))
                .instances().get(0).instanceId();

        Instance launched = describe(ec2);
        assertEquals("t2.micro", launched.instanceTypeAsString());
        assertEquals(keyName, launched.keyName());
        var volume = ec2.describeVolumes(r -> r.volumeIds(launched.blockDeviceMappings().get(0).ebs().volumeId()))
                .volumes().get(0);
        assertEquals(30, volume.size());
        assertEquals(VolumeType.GP3, volume.volumeType());
    }

    @Test
    @Order(4)
    @DisplayName("4. wait until the instance is running and has a public IP")
    void waitUntilRunning(Cloud cloud) {
        awaitState(cloud.ec2(), InstanceStateName.RUNNING);
        assertNotNull(describe(cloud.ec2()).publicIpAddress());
    }

    @Test
    @Order(5)
    @DisplayName("5. allocate an Elastic IP and associate it with the instance")
    void associateElasticIp(Cloud cloud) {
        Ec2Client ec2 = cloud.ec2();
        var eip = ec2.allocateAddress(r -> r.domain("vpc"));
        allocationId = eip.allocationId();
        elasticIp = eip.publicIp();
        ec2.associateAddress(r -> r.allocationId(allocationId).instanceId(instanceId));

        assertEquals(elasticIp, describe(ec2).publicIpAddress());
        assertEquals(instanceId, ec2.describeAddresses(r -> r.allocationIds(allocationId)).addresses().get(0).instanceId(),
                "the address is associated: no charge for an idle Elastic IP");
    }

    @Test
    @Order(6)
    @DisplayName("6. stop and start: the Elastic IP stays")
    void stopStartKeepsElasticIp(Cloud cloud) {
        Ec2Client ec2 = cloud.ec2();
        ec2.stopInstances(r -> r.instanceIds(instanceId));
        awaitState(ec2, InstanceStateName.STOPPED);
        assertEquals(elasticIp, describe(ec2).publicIpAddress());
        ec2.startInstances(r -> r.instanceIds(instanceId));
        awaitState(ec2, InstanceStateName.RUNNING);
        assertEquals(elasticIp, describe(ec2).publicIpAddress());
    }

    @Test
    @Order(7)
    @DisplayName("7. without the Elastic IP, a stop and start changes the public IP")
    void stopStartChangesPlainIp(Cloud cloud) {
        Ec2Client ec2 = cloud.ec2();
        String associationId = ec2.describeAddresses(r -> r.allocationIds(allocationId)).addresses().get(0)
                .associationId();
        ec2.disassociateAddress(r -> r.associationId(associationId));
        ec2.releaseAddress(r -> r.allocationId(allocationId));
        String before = describe(ec2).publicIpAddress();
        assertNotEquals(elasticIp, before);

        ec2.stopInstances(r -> r.instanceIds(instanceId));
        awaitState(ec2, InstanceStateName.STOPPED);
        assertNull(describe(ec2).publicIpAddress(), "no public IP while stopped");
        ec2.startInstances(r -> r.instanceIds(instanceId));
        awaitState(ec2, InstanceStateName.RUNNING);
        assertNotNull(describe(ec2).publicIpAddress());
        assertNotEquals(before, describe(ec2).publicIpAddress());
    }

    @Test
    @Order(8)
    @DisplayName("8. terminate the instance")
    void terminate(Cloud cloud) {
        cloud.ec2().terminateInstances(r -> r.instanceIds(instanceId));
        awaitState(cloud.ec2(), InstanceStateName.TERMINATED);
        assertNull(describe(cloud.ec2()).publicIpAddress());
    }

    private static IpPermission tcp(int port) {
        return IpPermission.builder().ipProtocol("tcp").fromPort(port).toPort(port)
                .ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build()).build();
    }

    private Instance describe(Ec2Client ec2) {
        return ec2.describeInstances(r -> r.instanceIds(instanceId)).reservations().get(0).instances().get(0);
    }

    private void awaitState(Ec2Client ec2, InstanceStateName state) {
        await("instance " + instanceId + " to be " + state).atMost(BOOT_TIMEOUT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
                .until(() -> describe(ec2).state().name(), s -> s == state);
    }
}

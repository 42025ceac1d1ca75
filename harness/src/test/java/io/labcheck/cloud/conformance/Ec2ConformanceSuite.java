package io.labcheck.cloud.conformance;

import io.labcheck.cloud.Cloud;
import io.labcheck.cloud.RunTagging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;
import software.amazon.awssdk.services.ec2.model.CreateKeyPairResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.KeyType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.VolumeType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every cloud provider must do the same way for the labs' cloud steps. Subclasses pick the
 * provider with {@code @LabCloud}; the tests only use the SDK client, and name their resources after
 * the run id so that they can run in a shared real account.
 */
@Tag("conformance")
abstract class Ec2ConformanceSuite {
    private static final Duration STATE_TIMEOUT = Duration.ofMinutes(5);

    // ---- regions, images, instance types -------------------------------------------------------

    @Test
    void seoulRegionAndItsZonesAreOffered(Ec2Client ec2) {
        assertThat(ec2.describeRegions().regions()).anyMatch(r -> r.regionName().equals("ap-northeast-2"));
        List<String> zones = ec2.describeAvailabilityZones().availabilityZones().stream()
                .map(AvailabilityZone::zoneName).toList();
        assertThat(zones).contains("ap-northeast-2a", "ap-northeast-2c");
        assertThat(zones).allMatch(z -> z.startsWith("ap-northeast-2"));
    }

    @Test
    void ubuntu2204X86ImageIsFound(Cloud cloud) {
        String imageId = cloud.ubuntu2204ImageId();
        Image image = cloud.ec2().describeImages(r -> r.imageIds(imageId)).images().get(0);
        assertEquals("x86_64", image.architectureAsString());
        assertThat(image.name()).contains("ubuntu-jammy-22.04-amd64-server");
        assertEquals(Cloud.CANONICAL_OWNER_ID, image.ownerId());
    }

    @Test
    void instanceTypesHaveTheirRealSizes(Ec2Client ec2) {
        Map<String, InstanceTypeInfo> types = ec2.describeInstanceTypes(r -> r.instanceTypesWithStrings(
                        "t2.micro", "t3.micro", "t2.small", "t3.small", "t3.medium")).instanceTypes().stream()
                .collect(Collectors.toMap(InstanceTypeInfo::instanceTypeAsString, t -> t));
        assertSize(types.get("t2.micro"), 1, 1024);
        assertSize(types.get("t3.micro"), 2, 1024);
        assertSize(types.get("t2.small"), 1, 2048);
        assertSize(types.get("t3.small"), 2, 2048);
        assertSize(types.get("t3.medium"), 2, 4096);
    }

    private static void assertSize(InstanceTypeInfo t, int vcpus, long mib) {
        assertNotNull(t, "instance type missing");
        assertEquals(vcpus, t.vCpuInfo().defaultVCpus(), t.instanceTypeAsString() + " vCPUs");
        assertEquals(mib, t.memoryInfo().sizeInMiB(), t.instanceTypeAsString() + " memory");
    }

    // ---- key pairs ------------------------------------------------------------------------------

    @Test
    void rsaKeyPairIsAPemThatOpenSshAndMinaLoad(Cloud cloud, @TempDir Path dir) throws Exception {
        CreateKeyPairResponse key = cloud.ec2().createKeyPair(r -> r.keyName(name(cloud, "rsa")).keyType(KeyType.RSA));
        assertThat(key.keyMaterial()).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertLoadableByOpenSshAndMina(key, dir, KeyPairProvider.SSH_RSA);
    }

    @Test
    void ed25519KeyPairIsAPemThatOpenSshAndMinaLoad(Cloud cloud, @TempDir Path dir) throws Exception {
        CreateKeyPairResponse key = cloud.ec2().createKeyPair(r -> r.keyName(name(cloud, "ed")).keyType(KeyType.ED25519));
        assertThat(key.keyMaterial()).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
        assertLoadableByOpenSshAndMina(key, dir, KeyPairProvider.SSH_ED25519);
    }

    private static void assertLoadableByOpenSshAndMina(CreateKeyPairResponse key, Path dir, String sshType)
            throws Exception {
        Path pem = dir.resolve(key.keyName() + ".pem");
        Files.writeString(pem, key.keyMaterial() + "\n", StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(pem, PosixFilePermissions.fromString("r--------"));

        List<KeyPair> loaded = new ArrayList<>();
        new FileKeyPairProvider(pem).loadKeys(null).forEach(loaded::add);
        assertEquals(1, loaded.size(), "MINA loads exactly one key from the PEM");
        assertEquals(sshType, KeyUtils.getKeyType(loaded.get(0)));
        String minaPublic = PublicKeyEntry.toString(loaded.get(0).getPublic());

        Process p = new ProcessBuilder("ssh-keygen", "-y", "-f", pem.toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "ssh-keygen finished");
        String openSshPublic = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.exitValue(), "ssh-keygen -y loads the key: " + openSshPublic);
        assertEquals(minaPublic.split(" ")[1], openSshPublic.split(" ")[1], "OpenSSH and MINA read the same key");
    }

    @Test
    void importedKeyIsDescribedAndDeleted(Cloud cloud) throws Exception {
        KeyPair local = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        String line = PublicKeyEntry.toString(local.getPublic()) + " student@laptop";
        String keyName = name(cloud, "imported");
        var imported = cloud.ec2().importKeyPair(r -> r.keyName(keyName)
                .publicKeyMaterial(SdkBytes.fromString(line, StandardCharsets.UTF_8)));
        assertNotNull(imported.keyFingerprint());
        var described = cloud.ec2().describeKeyPairs(r -> r.keyNames(keyName)).keyPairs();
        assertEquals(1, described.size());
        assertEquals("ed25519", described.get(0).keyTypeAsString());
        assertEquals(imported.keyPairId(), described.get(0).keyPairId());

        cloud.ec2().deleteKeyPair(r -> r.keyName(keyName));
        assertError("InvalidKeyPair.NotFound", () -> cloud.ec2().describeKeyPairs(r -> r.keyNames(keyName)));
    }

    @Test
    void garbageImportIsRejected(Cloud cloud) {
        assertError("InvalidKey.Format", () -> cloud.ec2().importKeyPair(r -> r.keyName(name(cloud, "bad"))
                .publicKeyMaterial(SdkBytes.fromString("not a key", StandardCharsets.UTF_8))));
    }

    @Test
    void duplicateKeyPairIsRefused(Cloud cloud) {
        String keyName = name(cloud, "dup");
        cloud.ec2().createKeyPair(r -> r.keyName(keyName));
        assertError("InvalidKeyPair.Duplicate", () -> cloud.ec2().createKeyPair(r -> r.keyName(keyName)));
    }

    // ---- security groups ------------------------------------------------------------------------

    @Test
    void labPortsAreAuthorizedDescribedAndRevoked(Cloud cloud) {
        Ec2Client ec2 = cloud.ec2();
        String groupId = ec2.createSecurityGroup(r -> r.groupName(name(cloud, "web")).description("lab ports"))
                .groupId();
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(
                tcp(22, "0.0.0.0/0"), tcp(80, "0.0.0.0/0"), tcp(443, "0.0.0.0/0"), tcp(8000, "0.0.0.0/0")));
        assertThat(openPorts(ec2, groupId)).containsExactlyInAnyOrder(22, 80, 443, 8000);

        ec2.revokeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(tcp(8000, "0.0.0.0/0")));
        assertThat(openPorts(ec2, groupId)).containsExactlyInAnyOrder(22, 80, 443);
        assertError("InvalidPermission.NotFound",
                () -> ec2.revokeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(tcp(8000, "0.0.0.0/0"))));
    }

    @Test
    void allTrafficRuleIsProtocolMinusOne(Cloud cloud) {
        Ec2Client ec2 = cloud.ec2();
        String groupId = ec2.createSecurityGroup(r -> r.groupName(name(cloud, "all")).description("all traffic"))
                .groupId();
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(IpPermission.builder().ipProtocol("-1")
                .ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build()).build()));
        IpPermission rule = group(ec2, groupId).ipPermissions().get(0);
        assertEquals("-1", rule.ipProtocol());
        assertNull(rule.fromPort(), "all-traffic rules carry no port range");
        assertEquals("0.0.0.0/0", rule.ipRanges().get(0).cidrIp());
    }

    @Test
    void defaultGroupExistsAndCannotBeDeleted(Ec2Client ec2) {
        SecurityGroup def = ec2.describeSecurityGroups(r -> r.filters(
                Filter.builder().name("group-name").values("default").build())).securityGroups().get(0);
        assertEquals("default", def.groupName());
        assertError("CannotDelete", () -> ec2.deleteSecurityGroup(r -> r.groupId(def.groupId())));
    }

    @Test
    void duplicateRuleIsRefused(Cloud cloud) {
        Ec2Client ec2 = cloud.ec2();
        String groupId = ec2.createSecurityGroup(r -> r.groupName(name(cloud, "dup")).description("dup")).groupId();
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(tcp(22, "0.0.0.0/0")));
        assertError("InvalidPermission.Duplicate",
                () -> ec2.authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(tcp(22, "0.0.0.0/0"))));
    }

    @Test
    void unknownGroupIsNotFound(Ec2Client ec2) {
        assertError("InvalidGroup.NotFound",
                () -> ec2.describeSecurityGroups(r -> r.groupIds("sg-0123456789abcdef0")));
        assertError("InvalidGroup.NotFound", () -> ec2.authorizeSecurityGroupIngress(
                r -> r.groupId("sg-0123456789abcdef0").ipPermissions(tcp(22, "0.0.0.0/0"))));
    }

    // ---- instances ------------------------------------------------------------------------------

    @Test
    void instanceRunsStopsStartsAndTerminates(Cloud cloud) {
        Ec2Client ec2 = cloud.ec2();
        String keyName = name(cloud, "inst");
        ec2.createKeyPair(r -> r.keyName(keyName));
        String groupId = ec2.createSecurityGroup(r -> r.groupName(name(cloud, "inst")).description("ssh")).groupId();
        String instanceId = ec2.runInstances(r -> r.imageId(cloud.ubuntu2204ImageId()).instanceType("t2.micro")
                        .keyName(keyName).securityGroupIds(groupId).minCount(1).maxCount(1)
                        .tagSpecifications(t -> t.resourceType(ResourceType.INSTANCE)
                                .tags(tag -> tag.key("Name").value(keyName))))
                .instances().get(0).instanceId();

        awaitState(ec2, instanceId, InstanceStateName.RUNNING);
        Instance running = describe(ec2, instanceId);
        assertEquals("t2.micro", running.instanceTypeAsString());
        assertEquals(keyName, running.keyName());
        assertThat(running.securityGroups()).anyMatch(g -> g.groupId().equals(groupId));
        assertNotNull(running.publicIpAddress(), "a default-VPC instance gets a public IP");
        assertNotNull(running.privateIpAddress());
        assertThat(running.placement().availabilityZone()).startsWith("ap-northeast-2");

        var byTag = ec2.describeInstances(r -> r.filters(Filter.builder().name("tag:Name").values(keyName).build(),
                Filter.builder().name("instance-state-name").values("running").build())).reservations();
        assertThat(byTag).flatMap(res -> res.instances()).extracting(Instance::instanceId).containsExactly(instanceId);

        ec2.stopInstances(r -> r.instanceIds(instanceId));
        awaitState(ec2, instanceId, InstanceStateName.STOPPED);
        ec2.startInstances(r -> r.instanceIds(instanceId));
        awaitState(ec2, instanceId, InstanceStateName.RUNNING);

        ec2.terminateInstances(r -> r.instanceIds(instanceId));
        awaitState(ec2, instanceId, InstanceStateName.TERMINATED);
    }

    @Test
    void rootVolumeTakesTheRequestedSizeAndType(Cloud cloud) {
        Ec2Client ec2 = cloud.ec2();
        String instanceId = ec2.runInstances(r -> r.imageId(cloud.ubuntu2204ImageId()).instanceType("t2.micro")
                .minCount(1).maxCount(1)
                .blockDeviceMappings(b -> b.deviceName("/dev/sda1").ebs(e -> e.volumeSize(30).volumeType(VolumeType.GP3))))
                .instances().get(0).instanceId();
        try {
            var volumes = ec2.describeVolumes(r -> r.filters(
                    Filter.builder().name("attachment.instance-id").values(instanceId).build())).volumes();
            assertEquals(1, volumes.size());
            assertEquals(30, volumes.get(0).size());
            assertEquals(VolumeType.GP3, volumes.get(0).volumeType());
        } finally {
            ec2.terminateInstances(r -> r.instanceIds(instanceId));
        }
    }

    @Test
    void elasticIpSurvivesStopStartWhilePlainIpChanges(Cloud cloud) {
        Ec2Client ec2 = cloud.ec2();
        String imageId = cloud.ubuntu2204ImageId();
        String plain = run(ec2, imageId);
        String withEip = run(ec2, imageId);
        awaitState(ec2, plain, InstanceStateName.RUNNING);
        awaitState(ec2, withEip, InstanceStateName.RUNNING);

        var eip = ec2.allocateAddress(r -> r.domain("vpc"));
        String associationId = ec2.associateAddress(r -> r.allocationId(eip.allocationId()).instanceId(withEip))
                .associationId();
        assertEquals(eip.publicIp(), describe(ec2, withEip).publicIpAddress());
        String plainIpBefore = describe(ec2, plain).publicIpAddress();

        ec2.stopInstances(r -> r.instanceIds(plain, withEip));
        awaitState(ec2, plain, InstanceStateName.STOPPED);
        awaitState(ec2, withEip, InstanceStateName.STOPPED);
        assertNull(describe(ec2, plain).publicIpAddress(), "a stopped instance has no plain public IP");
        assertEquals(eip.publicIp(), describe(ec2, withEip).publicIpAddress(), "an Elastic IP stays while stopped");

        ec2.startInstances(r -> r.instanceIds(plain, withEip));
        awaitState(ec2, plain, InstanceStateName.RUNNING);
        awaitState(ec2, withEip, InstanceStateName.RUNNING);
        assertNotEquals(plainIpBefore, describe(ec2, plain).publicIpAddress(), "a plain public IP changes");
        assertEquals(eip.publicIp(), describe(ec2, withEip).publicIpAddress(), "the Elastic IP is kept");

        var described = ec2.describeAddresses(r -> r.allocationIds(eip.allocationId())).addresses().get(0);
        assertEquals(withEip, described.instanceId());
        assertEquals(associationId, described.associationId());

        ec2.disassociateAddress(r -> r.associationId(associationId));
        assertNull(ec2.describeAddresses(r -> r.allocationIds(eip.allocationId())).addresses().get(0).associationId());
        ec2.releaseAddress(r -> r.allocationId(eip.allocationId()));
        assertError("InvalidAllocationID.NotFound",
                () -> ec2.describeAddresses(r -> r.allocationIds(eip.allocationId())));
        ec2.terminateInstances(r -> r.instanceIds(plain, withEip));
    }

    @Test
    void tagsAreAddedAndFound(Cloud cloud) {
        Ec2Client ec2 = cloud.ec2();
        String groupId = ec2.createSecurityGroup(r -> r.groupName(name(cloud, "tags")).description("tags")).groupId();
        ec2.createTags(r -> r.resources(groupId).tags(t -> t.key("course").value("cloud-101")));
        SecurityGroup g = group(ec2, groupId);
        assertThat(g.tags()).anyMatch(t -> t.key().equals("course") && t.value().equals("cloud-101"));
        assertThat(g.tags()).anyMatch(t -> t.key().equals(RunTagging.RUN_ID_TAG) && t.value().equals(cloud.runId()));
    }

    // ---- misuse: EC2's error codes --------------------------------------------------------------

    @Test
    void unknownInstanceIsNotFound(Ec2Client ec2) {
        assertError("InvalidInstanceID.NotFound", () -> ec2.describeInstances(r -> r.instanceIds("i-0123456789abcdef0")));
        assertError("InvalidInstanceID.NotFound", () -> ec2.stopInstances(r -> r.instanceIds("i-0123456789abcdef0")));
    }

    @Test
    void unknownImageIsNotFound(Ec2Client ec2) {
        assertError("InvalidAMIID.NotFound", () -> ec2.runInstances(r -> r.imageId("ami-0123456789abcdef0")
                .instanceType("t2.micro").minCount(1).maxCount(1)));
    }

    @Test
    void unknownInstanceTypeIsAnInvalidParameterValue(Cloud cloud) {
        assertError("InvalidParameterValue", () -> cloud.ec2().runInstances(r -> r.imageId(cloud.ubuntu2204ImageId())
                .instanceType("t2.gigantic").minCount(1).maxCount(1)));
    }

    // ---- helpers --------------------------------------------------------------------------------

    static String name(Cloud cloud, String what) {
        return cloud.runId() + "-" + what;
    }

    static IpPermission tcp(int port, String cidr) {
        return IpPermission.builder().ipProtocol("tcp").fromPort(port).toPort(port)
                .ipRanges(IpRange.builder().cidrIp(cidr).build()).build();
    }

    static SecurityGroup group(Ec2Client ec2, String groupId) {
        return ec2.describeSecurityGroups(r -> r.groupIds(groupId)).securityGroups().get(0);
    }

    static List<Integer> openPorts(Ec2Client ec2, String groupId) {
        return group(ec2, groupId).ipPermissions().stream().map(IpPermission::fromPort).toList();
    }

    static String run(Ec2Client ec2, String imageId) {
        return ec2.runInstances(r -> r.imageId(imageId).instanceType("t2.micro").minCount(1).maxCount(1))
                .instances().get(0).instanceId();
    }

    static Instance describe(Ec2Client ec2, String instanceId) {
        return ec2.describeInstances(r -> r.instanceIds(instanceId)).reservations().get(0).instances().get(0);
    }

    static void awaitState(Ec2Client ec2, String instanceId, InstanceStateName state) {
        await("instance " + instanceId + " to be " + state)
                .atMost(STATE_TIMEOUT)
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
                .until(() -> describe(ec2, instanceId).state().name(), s -> s == state);
    }

    static void assertError(String code, org.junit.jupiter.api.function.Executable call) {
        Ec2Exception e = assertThrows(Ec2Exception.class, call, "expected EC2 error " + code);
        assertEquals(code, e.awsErrorDetails().errorCode(), e.getMessage());
        assertThat(e.statusCode()).as("HTTP status of " + code).isEqualTo(400);
    }
}

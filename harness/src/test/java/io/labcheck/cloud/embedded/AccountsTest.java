package io.labcheck.cloud.embedded;

import io.labcheck.cloud.CloudSettings;
import io.labcheck.cloud.CloudStartException;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A classroom on one cloud: each access key is its own account, its SigV4 signatures checked against its secret by the
 * real SDK's signing, its key pairs, groups, instances and addresses seen and touched by it alone; the data plane
 * serves every account's instances, each behind its own account's groups.
 */
class AccountsTest {

    @Test
    void twoAccountsNeitherSeeNorTouchEachOthersResources() {
        Accounts accounts = Accounts.generate(2, "student");
        Accounts.Account a = accounts.list().get(0);
        Accounts.Account b = accounts.list().get(1);
        try (EmbeddedCloud cloud = EmbeddedCloud.start(CloudSettings.defaults().withAccounts(accounts));
             Ec2Client ec2a = cloud.newClient(a);
             Ec2Client ec2b = cloud.newClient(b)) {
            ec2a.createKeyPair(r -> r.keyName("lab"));
            String groupA = ec2a.createSecurityGroup(r -> r.groupName("web").description("web")).groupId();
            ec2a.authorizeSecurityGroupIngress(r -> r.groupId(groupA).ipProtocol("tcp").fromPort(22).toPort(22)
                    .cidrIp("0.0.0.0/0"));
            String instanceA = ec2a.runInstances(r -> r.imageId(cloud.ubuntu2204ImageId()).keyName("lab")
                    .securityGroupIds(groupA).minCount(1).maxCount(1)).instances().get(0).instanceId();
            String addressA = ec2a.allocateAddress(r -> { }).allocationId();

            assertThat(ec2b.describeKeyPairs().keyPairs()).isEmpty();
            assertThat(ec2b.describeInstances().reservations()).isEmpty();
            assertThat(ec2b.describeAddresses().addresses()).isEmpty();
            assertThat(ec2b.describeSecurityGroups().securityGroups()).extracting(g -> g.groupName())
                    .containsExactly("default");
            assertThat(ec2b.describeSecurityGroups().securityGroups().get(0).ownerId()).isEqualTo(b.ownerId());
            ec2b.createKeyPair(r -> r.keyName("lab")); // the same name in another account is no duplicate
            String groupB = ec2b.createSecurityGroup(r -> r.groupName("web").description("web")).groupId();

            expectCode("InvalidInstanceID.NotFound", () -> ec2b.terminateInstances(r -> r.instanceIds(instanceA)));
            expectCode("InvalidInstanceID.NotFound", () -> ec2b.stopInstances(r -> r.instanceIds(instanceA)));
            expectCode("InvalidGroup.NotFound", () -> ec2b.authorizeSecurityGroupIngress(r -> r.groupId(groupA)
                    .ipProtocol("tcp").fromPort(8000).toPort(8000).cidrIp("0.0.0.0/0")));
            expectCode("InvalidAllocationID.NotFound", () -> ec2b.releaseAddress(r -> r.allocationId(addressA)));
            expectCode("InvalidGroup.NotFound", () -> ec2a.deleteSecurityGroup(r -> r.groupId(groupB)));

            assertThat(ec2a.describeInstances(r -> r.instanceIds(instanceA)).reservations().get(0).ownerId())
                    .isEqualTo(a.ownerId());
            assertThat(cloud.instances()).singleElement().satisfies(v -> {
                assertThat(v.instanceId()).isEqualTo(instanceA);
                assertThat(v.ownerId()).isEqualTo(a.ownerId());
            });
            // B opening 8000 in its own group named like A's changes nothing for A's instance
            ec2b.authorizeSecurityGroupIngress(r -> r.groupId(groupB).ipProtocol("tcp").fromPort(8000).toPort(8000)
                    .cidrIp("0.0.0.0/0"));
            InetAddress student = InetAddress.getLoopbackAddress();
            assertThat(cloud.admitsFromInternet(instanceA, 22, student)).isTrue();
            assertThat(cloud.admitsFromInternet(instanceA, 8000, student)).isFalse();
        }
    }

    @Test
    void aWrongSecretAnUnknownKeyAndAnOldSignatureAreRefusedWithAwsCodes() {
        Accounts accounts = Accounts.generate(1, "student");
        Accounts.Account a = accounts.list().get(0);
        try (EmbeddedCloud cloud = EmbeddedCloud.start(CloudSettings.defaults().withAccounts(accounts));
             Ec2Client right = cloud.newClient(a);
             Ec2Client wrongSecret = cloud.newClient(new Accounts.Account("x", a.accessKeyId(),
                     a.secretAccessKey().substring(1) + "x", a.ownerId()));
             Ec2Client unknown = cloud.newClient(new Accounts.Account("x", "AKIAIOSFODNN7EXAMPLE",
                     EmbeddedCloud.EXAMPLE_SECRET_KEY, "999999999999"))) {
            assertThat(right.describeRegions().regions()).isNotEmpty();
            expectCode("SignatureDoesNotMatch", () -> wrongSecret.describeRegions());
            expectCode("AuthFailure", () -> unknown.describeRegions());
            // a signature computed for another body does not stand for this one
            assertThat(cloud.ec2().describeKeyPairs().keyPairs()).as("the harness's own client is the first account")
                    .isEmpty();
        }
        String amzDate = "20200101T000000Z";
        SignedRequest old = new SignedRequest("POST", "/", null, java.util.Map.of("host", "127.0.0.1:1",
                "x-amz-date", amzDate), "Action=DescribeRegions".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        SigV4.Credential credential = new SigV4.Credential(a.accessKeyId(), "20200101", "ap-northeast-2", "ec2",
                java.util.List.of("host", "x-amz-date"), "0".repeat(64));
        String valid = SigV4.signature(old, credential, a.secretAccessKey(), amzDate);
        SigV4.Credential signed = new SigV4.Credential(a.accessKeyId(), "20200101", "ap-northeast-2", "ec2",
                credential.signedHeaders(), valid);
        SigV4.verify(old, signed, a.secretAccessKey(), java.time.Instant.parse("2020-01-01T00:10:00Z"));
        assertThatThrownBy(() -> SigV4.verify(old, signed, a.secretAccessKey(), java.time.Instant.parse("2020-01-01T00:20:00Z")))
                .isInstanceOf(Ec2Error.class).hasMessageContaining("expired");
        SignedRequest tampered = new SignedRequest("POST", "/", null, old.headers(),
                "Action=TerminateInstances".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThatThrownBy(() -> SigV4.verify(tampered, signed, a.secretAccessKey(),
                java.time.Instant.parse("2020-01-01T00:10:00Z"))).isInstanceOf(Ec2Error.class)
                .satisfies(e -> assertThat(((Ec2Error) e).code()).isEqualTo("SignatureDoesNotMatch"));
    }

    @Test
    void anApiOthersCanReachNeedsAccounts() {
        assertThatThrownBy(() -> EmbeddedCloud.start(CloudSettings.defaults().withBindAddress("0.0.0.0")))
                .isInstanceOf(CloudStartException.class).hasMessageContaining("accept any credentials")
                .hasMessageContaining("give it accounts");
        try (EmbeddedCloud cloud = EmbeddedCloud.start(CloudSettings.defaults().withBindAddress("0.0.0.0")
                .withAccounts(Accounts.generate(1, "s")))) {
            assertThat(cloud.endpoint().orElseThrow().getHost()).isNotEqualTo("0.0.0.0");
            assertThat(cloud.ec2().describeRegions().regions()).isNotEmpty();
        }
    }

    @Test
    void aClassListIsReadWithItsColumnsNamedAndItsMistakesSaidByLine(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("class.csv");
        Files.writeString(csv, "Name,Access key ID,Secret access key\nkim,AKIAAAAAAAAAAAAAAAAA,"
                + "s".repeat(40) + "\nlee,AKIABBBBBBBBBBBBBBBB," + "t".repeat(40) + "\n");
        Accounts read = Accounts.read(csv);
        assertThat(read.list()).extracting(Accounts.Account::name).containsExactly("kim", "lee");
        assertThat(read.list().get(0).ownerId()).isNotEqualTo(read.list().get(1).ownerId());
        assertThat(read.toString()).doesNotContain("s".repeat(40));
        assertThat(read.list().get(0).toString()).doesNotContain("s".repeat(40));

        Files.writeString(csv, "kim,AKIAAAAAAAAAAAAAAAAA," + "s".repeat(40) + "\n");
        assertThatThrownBy(() -> Accounts.read(csv)).hasMessageContaining("the first line must name the columns");
        Files.writeString(csv, "name,access_key_id,secret_access_key\nkim,not-a-key," + "s".repeat(40) + "\n");
        assertThatThrownBy(() -> Accounts.read(csv)).hasMessageContaining("line 2").hasMessageContaining("not an access key id");
        Files.writeString(csv, "name,access_key_id,secret_access_key\nkim,AKIAAAAAAAAAAAAAAAAA,s\n");
        assertThatThrownBy(() -> Accounts.read(csv)).hasMessageContaining("line 2").hasMessageContaining("secret");
        Files.writeString(csv, "name,access_key_id,secret_access_key\na,AKIAAAAAAAAAAAAAAAAA," + "s".repeat(40)
                + "\nb,AKIAAAAAAAAAAAAAAAAA," + "t".repeat(40) + "\n");
        assertThatThrownBy(() -> Accounts.read(csv)).hasMessageContaining("given twice");

        Path written = dir.resolve("made.csv");
        Accounts made = Accounts.generate(3, "student");
        made.write(written);
        assertThat(Files.getPosixFilePermissions(written)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Accounts.read(written).list()).extracting(Accounts.Account::accessKeyId)
                .containsExactlyElementsOf(made.list().stream().map(Accounts.Account::accessKeyId).toList());
    }

    private static void expectCode(String code, Executable call) {
        assertThatThrownBy(call::execute).isInstanceOf(Ec2Exception.class)
                .satisfies(e -> assertThat(((Ec2Exception) e).awsErrorDetails().errorCode()).as(e.getMessage()).isEqualTo(code));
    }
}

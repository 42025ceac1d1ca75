package io.labcheck.fault;

import io.labcheck.cloud.CloudSettings;
import io.labcheck.cloud.embedded.EmbeddedCloud;
import io.labcheck.diagnose.Diagnosis;
import io.labcheck.diagnose.Rule;
import io.labcheck.diagnose.Subject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * eip-unassociated on the embedded cloud (no hosts: the fault lives in the API alone): injected it is an address
 * associated with nothing, the blind diagnosis names it from describe-addresses, and reverted it is released; an
 * Elastic IP in use, or none at all, gives no finding.
 */
class EipUnassociatedFaultTest {
    private EmbeddedCloud cloud;
    private Ec2Client ec2;
    private String instanceId;
    private Deployment deployment;
    private Subject subject;

    @BeforeEach
    void launch(@TempDir Path dir) throws Exception {
        cloud = EmbeddedCloud.start(CloudSettings.defaults());
        ec2 = cloud.ec2();
        instanceId = ec2.runInstances(r -> r.imageId(cloud.ubuntu2204ImageId()).instanceType("t2.micro").minCount(1)
                .maxCount(1)).instances().get(0).instanceId();
        Path key = Files.writeString(dir.resolve("lab-key.pem"), "not a key: the API is all this test looks at\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("r--------"));
        deployment = Deployment.withoutApp(ec2, instanceId, key, "ubuntu", null);
        subject = new Subject(ec2, instanceId, key, "ubuntu", 0, "", "", Map.of());
    }

    @AfterEach
    void close() {
        cloud.close();
    }

    private Diagnosis.Report diagnose() {
        try (Diagnosis d = new Diagnosis(EnumSet.of(Rule.EIP_UNASSOCIATED))) {
            return d.run(subject);
        }
    }

    @Test
    void injectedItIsAnAddressAssociatedWithNothingAndRevertedItIsReleased() {
        assertThat(diagnose().codes()).as("no Elastic IP, no finding").isEmpty();
        try (Faults faults = new Faults(deployment)) {
            Fault f = faults.inject(FaultKind.EIP_UNASSOCIATED);
            Check applied = f.applied(deployment);
            assertThat(applied.holds()).isTrue();
            assertThat(applied.detail()).contains("associated with no instance");
            assertThat(ec2.describeAddresses().addresses()).singleElement()
                    .satisfies(a -> assertThat(a.associationId()).isNull());

            Diagnosis.Report report = diagnose();
            assertThat(report.codes()).containsExactly("eip-unassociated");
            assertThat(report.findings().get(0).fix()).contains("aws ec2 release-address --allocation-id eipalloc-",
                    "aws ec2 associate-address --allocation-id eipalloc-");

            Check reverted = faults.revert(f);
            assertThat(reverted.detail()).contains("released");
            assertThat(ec2.describeAddresses().addresses()).isEmpty();
        }
        assertThat(diagnose().codes()).isEmpty();
    }

    @Test
    void anAssociatedElasticIpIsNoFindingAndOneLeftByATerminatedInstanceIs() {
        var eip = ec2.allocateAddress(r -> r.domain("vpc"));
        ec2.associateAddress(r -> r.allocationId(eip.allocationId()).instanceId(instanceId));
        assertThat(diagnose().codes()).as("an Elastic IP in use is what it is for").isEmpty();

        ec2.terminateInstances(r -> r.instanceIds(instanceId));
        Address left = ec2.describeAddresses().addresses().get(0);
        assertThat(left.instanceId()).as("terminating ends the association, not the allocation").isNull();
        assertThat(diagnose().findings()).singleElement().satisfies(f -> assertThat(f.cause())
                .contains(eip.publicIp(), "associated with no instance", "terminated"));
    }
}

package io.labcheck.cloud.embedded;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.ec2.model.AccountAttribute;
import software.amazon.awssdk.services.ec2.model.AccountAttributeValue;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.InstanceStatus;
import software.amazon.awssdk.services.ec2.model.SummaryStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What EC2 clients' waiters and the labs' fixes call beyond launch and stop, through the SDK: instance status (behind
 * {@code wait instance-status-ok}), a reboot, a new instance type while stopped, the console output, the account's
 * attributes. Errors carry AWS's codes.
 */
class InstanceOperationsTest {

    @Test
    void statusChecksPassOnARunningInstanceAndStoppedOnesShowOnlyWhenAsked() {
        try (CloudWithInstance c = new CloudWithInstance()) {
            List<InstanceStatus> running = c.ec2.describeInstanceStatus(r -> r.instanceIds(c.instanceId)).instanceStatuses();
            assertThat(running).singleElement().satisfies(s -> {
                assertThat(s.instanceState().name()).isEqualTo(InstanceStateName.RUNNING);
                assertThat(s.systemStatus().status()).isEqualTo(SummaryStatus.OK);
                assertThat(s.instanceStatus().status()).isEqualTo(SummaryStatus.OK);
                assertThat(s.instanceStatus().details()).singleElement().satisfies(d ->
                        assertThat(d.nameAsString() + " " + d.statusAsString()).isEqualTo("reachability passed"));
            });
            try (var waiter = c.ec2.waiter()) {
                assertThat(waiter.waitUntilInstanceStatusOk(r -> r.instanceIds(c.instanceId)).matched().response())
                        .isPresent();
                c.ec2.stopInstances(r -> r.instanceIds(c.instanceId));
                waiter.waitUntilInstanceStopped(r -> r.instanceIds(c.instanceId));
            }
            assertThat(c.ec2.describeInstanceStatus(r -> r.instanceIds(c.instanceId)).instanceStatuses())
                    .as("only running instances, unless IncludeAllInstances").isEmpty();
            assertThat(c.ec2.describeInstanceStatus(r -> r.instanceIds(c.instanceId).includeAllInstances(true))
                    .instanceStatuses()).singleElement().satisfies(s -> {
                        assertThat(s.instanceState().name()).isEqualTo(InstanceStateName.STOPPED);
                        assertThat(s.instanceStatus().status()).isEqualTo(SummaryStatus.NOT_APPLICABLE);
                    });
            assertThatThrownBy(() -> c.ec2.describeInstanceStatus(r -> r.instanceIds("i-0123456789abcdef0")))
                    .isInstanceOf(Ec2Exception.class).satisfies(e -> assertThat(code(e)).isEqualTo("InvalidInstanceID.NotFound"));
        }
    }

    @Test
    void theInstanceTypeChangesOnlyWhileStopped() {
        try (CloudWithInstance c = new CloudWithInstance()) {
            assertThatThrownBy(() -> c.ec2.modifyInstanceAttribute(r -> r.instanceId(c.instanceId)
                    .instanceType(t -> t.value("t3.medium"))))
                    .isInstanceOf(Ec2Exception.class).satisfies(e -> assertThat(code(e)).isEqualTo("IncorrectInstanceState"))
                    .hasMessageContaining("is not in the 'stopped' state");
            c.ec2.stopInstances(r -> r.instanceIds(c.instanceId));
            try (var waiter = c.ec2.waiter()) {
                waiter.waitUntilInstanceStopped(r -> r.instanceIds(c.instanceId));
            }
            assertThatThrownBy(() -> c.ec2.modifyInstanceAttribute(r -> r.instanceId(c.instanceId)
                    .instanceType(t -> t.value("t9.enormous"))))
                    .isInstanceOf(Ec2Exception.class).satisfies(e -> assertThat(code(e)).isEqualTo("InvalidInstanceAttributeValue"));
            c.ec2.modifyInstanceAttribute(r -> r.instanceId(c.instanceId).instanceType(t -> t.value("t3.medium")));
            c.ec2.startInstances(r -> r.instanceIds(c.instanceId));
            assertThat(c.ec2.describeInstances(r -> r.instanceIds(c.instanceId)).reservations().get(0).instances().get(0)
                    .instanceTypeAsString()).isEqualTo("t3.medium");
        }
    }

    @Test
    void aRebootKeepsItRunningAndAStoppedOneCannotBeRebooted() {
        try (CloudWithInstance c = new CloudWithInstance()) {
            c.ec2.rebootInstances(r -> r.instanceIds(c.instanceId));
            assertThat(c.ec2.describeInstances(r -> r.instanceIds(c.instanceId)).reservations().get(0).instances().get(0)
                    .state().name()).isEqualTo(InstanceStateName.RUNNING);
            c.ec2.stopInstances(r -> r.instanceIds(c.instanceId));
            try (var waiter = c.ec2.waiter()) {
                waiter.waitUntilInstanceStopped(r -> r.instanceIds(c.instanceId));
            }
            assertThatThrownBy(() -> c.ec2.rebootInstances(r -> r.instanceIds(c.instanceId)))
                    .isInstanceOf(Ec2Exception.class).satisfies(e -> assertThat(code(e)).isEqualTo("IncorrectInstanceState"));
        }
    }

    @Test
    void consoleOutputAndAccountAttributesAnswer() {
        try (CloudWithInstance c = new CloudWithInstance()) {
            var console = c.ec2.getConsoleOutput(r -> r.instanceId(c.instanceId));
            assertThat(console.instanceId()).isEqualTo(c.instanceId);
            assertThat(new String(Base64.getDecoder().decode(console.output()), StandardCharsets.UTF_8))
                    .as("no data plane, no console").isEmpty();
            List<AccountAttribute> all = c.ec2.describeAccountAttributes().accountAttributes();
            assertThat(all).extracting(AccountAttribute::attributeName).contains("supported-platforms", "default-vpc",
                    "max-instances");
            String vpc = c.ec2.describeVpcs().vpcs().get(0).vpcId();
            assertThat(c.ec2.describeAccountAttributes(r -> r.attributeNamesWithStrings("default-vpc")).accountAttributes())
                    .singleElement().satisfies(a -> assertThat(a.attributeValues()).extracting(AccountAttributeValue::attributeValue)
                            .containsExactly(vpc));
        }
    }

    /** The common families with AWS's figures, and an architecture that must match the image's. */
    @Test
    void theCatalogueHasTheCommonFamiliesAndArmTypesNeedArmImages() {
        try (CloudWithInstance c = new CloudWithInstance()) {
            var types = c.ec2.describeInstanceTypes(r -> r.instanceTypesWithStrings("t4g.small", "m5.large", "c6g.medium",
                    "r5.large", "t3a.micro", "m6i.large")).instanceTypes();
            assertThat(types).extracting(t -> t.instanceTypeAsString() + " " + t.vCpuInfo().defaultVCpus() + " "
                    + t.memoryInfo().sizeInMiB() + " " + t.processorInfo().supportedArchitecturesAsStrings())
                    .containsExactlyInAnyOrder("t3a.micro 2 1024 [x86_64]", "t4g.small 2 2048 [arm64]",
                            "m5.large 2 8192 [x86_64]", "m6i.large 2 8192 [x86_64]", "c6g.medium 1 2048 [arm64]",
                            "r5.large 2 16384 [x86_64]");
            String arm = c.ec2.describeImages(r -> r.filters(f -> f.name("architecture").values("arm64"))).images().get(0)
                    .imageId();
            assertThatThrownBy(() -> c.ec2.runInstances(r -> r.imageId(c.cloud.ubuntu2204ImageId()).instanceType("t4g.small")
                    .minCount(1).maxCount(1))).isInstanceOf(Ec2Exception.class)
                    .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidParameterValue"))
                    .hasMessageContaining("The architecture 'arm64' of the specified instance type does not match");
            assertThat(c.ec2.runInstances(r -> r.imageId(arm).instanceType("t4g.small").minCount(1).maxCount(1))
                    .instances().get(0).architectureAsString()).isEqualTo("arm64");
        }
    }

    private static String code(Throwable e) {
        return ((Ec2Exception) e).awsErrorDetails().errorCode();
    }
}

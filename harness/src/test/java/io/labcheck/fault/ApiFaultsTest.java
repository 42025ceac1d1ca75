package io.labcheck.fault;

import io.labcheck.cloud.CloudSettings;
import io.labcheck.cloud.IngressRules;
import io.labcheck.cloud.embedded.CloudWithInstance;
import io.labcheck.cloud.embedded.InstanceTimings;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The faults made in the cloud's API alone, on the embedded cloud without hosts: a closed port takes out that port
 * and only that port, whatever rule admitted it (one port, a range, all traffic), and comes back as it was; a
 * stopped instance without an app is stopped and started.
 */
class ApiFaultsTest {
    private static final IpRange ANYWHERE = IpRange.builder().cidrIp("0.0.0.0/0").build();

    private CloudWithInstance lab;
    private Ec2Client ec2;
    private Deployment deployment;

    @BeforeEach
    void launch() {
        lab = new CloudWithInstance();
        ec2 = lab.ec2;
        deployment = new Deployment(lab.ec2, lab.instanceId, null, "ubuntu", 8000, "", "", "", null);
    }

    @AfterEach
    void close() {
        lab.close();
    }

    private void admit(IpPermission... rules) {
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(lab.groupId).ipPermissions(rules));
    }

    private static IpPermission tcp(int from, int to) {
        return IpPermission.builder().ipProtocol("tcp").fromPort(from).toPort(to).ipRanges(ANYWHERE).build();
    }

    private List<IpPermission> rules() {
        return ec2.describeSecurityGroups(r -> r.groupIds(lab.groupId)).securityGroups().get(0).ipPermissions();
    }

    /** Which of {@code ports} (TCP) some rule of the group admits. */
    private Set<Integer> admitted(int... ports) {
        List<IpPermission> rules = rules();
        return IntStream.of(ports).filter(p -> rules.stream().anyMatch(r -> IngressRules.admits(r, p))).boxed()
                .collect(Collectors.toSet());
    }

    /** Injects {@code kind}, lets {@code during} look, reverts it and proves the group's rules are as they were. */
    private void injectedAndReverted(FaultKind kind, Consumer<Fault> during) {
        List<IpPermission> before = rules();
        Fault f = kind.newFault();
        f.inject(deployment);
        during.accept(f);
        f.revert(deployment);
        assertThat(rules()).as("the rules after the revert").containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void sshPortClosedTakesOutPort22AndNoOtherAndPutsItBack() {
        admit(tcp(22, 22), tcp(8000, 8000));
        injectedAndReverted(FaultKind.SSH_PORT_CLOSED, f -> {
            assertThat(f.applied(deployment)).isEqualTo(Check.yes("port 22 is admitted by no rule"));
            assertThat(f.reverted(deployment)).isEqualTo(Check.no("port 22 is still admitted by no rule"));
            assertThat(admitted(22, 8000)).containsExactly(8000);
        });
        Fault again = FaultKind.SSH_PORT_CLOSED.newFault();
        assertThat(again.reverted(deployment)).isEqualTo(Check.yes("port 22 is admitted again"));
        assertThat(again.applied(deployment)).isEqualTo(Check.no("port 22 is admitted"));
    }

    @Test
    void theAppsPortIsTheDeploymentsAndARangeIsSplitAroundIt() {
        admit(tcp(22, 22), tcp(7990, 8010));
        injectedAndReverted(FaultKind.APP_PORT_CLOSED, f -> {
            assertThat(f.applied(deployment).detail()).isEqualTo("port 8000 is admitted by no rule");
            assertThat(admitted(22, 7989, 7990, 7999, 8000, 8001, 8010, 8011)).containsExactlyInAnyOrder(22, 7990, 7999, 8001, 8010);
        });
    }

    @Test
    void aRangeThatEndsOrStartsAtThePortLeavesOnePart() {
        admit(tcp(8000, 8005), tcp(7995, 8000));
        Fault f = FaultKind.APP_PORT_CLOSED.newFault();
        f.inject(deployment);
        assertThat(admitted(7994, 7995, 7999, 8000, 8001, 8005, 8006)).containsExactlyInAnyOrder(7995, 7999, 8001, 8005);
        assertThat(rules()).as("no empty range added").allSatisfy(r -> assertThat(r.fromPort()).isLessThanOrEqualTo(r.toPort()));
    }

    @Test
    void allTrafficLosesTheOnePortAndKeepsTheRest() {
        admit(IpPermission.builder().ipProtocol("-1").ipRanges(ANYWHERE).build());
        injectedAndReverted(FaultKind.SSH_PORT_CLOSED, f -> {
            assertThat(admitted(1, 21, 22, 23, 65535)).containsExactlyInAnyOrder(1, 21, 23, 65535);
            assertThat(rules()).extracting(IpPermission::ipProtocol).contains("udp", "icmp").doesNotContain("-1");
        });
    }

    @Test
    void aPortNoRuleAdmitsCannotBeClosed() {
        admit(tcp(8000, 8000));
        assertThatThrownBy(() -> FaultKind.SSH_PORT_CLOSED.newFault().inject(deployment))
                .isInstanceOf(FaultException.class).hasMessage("no rule admits port 22: the port is closed already");
    }

    @Test
    void aStoppedInstanceWithoutAnAppIsStartedAgainEachTransitionAwaited() throws InterruptedException {
        // stopping and pending take 400 ms here: the fault must wait for each end state, not take the first answer
        try (CloudWithInstance slow = new CloudWithInstance(CloudSettings.defaults()
                .withTimings(InstanceTimings.of(Duration.ofMillis(400))))) {
            Deployment d = Deployment.withoutApp(slow.ec2, slow.instanceId, null, "ubuntu", null);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (d.instance().state().name() != InstanceStateName.RUNNING && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Fault f = FaultKind.INSTANCE_STOPPED.newFault();
            f.inject(d);
            assertThat(f.applied(d)).isEqualTo(Check.yes("the instance is stopped"));
            assertThat(f.reverted(d)).isEqualTo(Check.no("the instance is stopped"));
            f.revert(d);
            assertThat(f.reverted(d)).isEqualTo(Check.yes("the instance is running"));
            assertThat(f.applied(d).holds()).isFalse();
        }
    }
}

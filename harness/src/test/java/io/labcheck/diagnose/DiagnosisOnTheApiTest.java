package io.labcheck.diagnose;

import io.labcheck.cloud.embedded.CloudWithInstance;

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
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The blind diagnosis on the embedded cloud without hosts: what the API shows (the instance's state, its security
 * groups' rules for SSH and the app's port, the account's Elastic IPs) becomes evidence and findings, and the port
 * rules are looked at only for the ports the lab uses. The instance's address is on loopback, where nothing serves.
 */
class DiagnosisOnTheApiTest {
    private static final IpRange ANYWHERE = IpRange.builder().cidrIp("0.0.0.0/0").build();
    private static final EnumSet<Rule> API_RULES = EnumSet.of(Rule.INSTANCE_STOPPED, Rule.SSH_PORT_CLOSED,
            Rule.APP_PORT_CLOSED, Rule.EIP_UNASSOCIATED);

    private CloudWithInstance lab;
    private Ec2Client ec2;
    private String groupId;
    private String instanceId;
    private Path key;

    @BeforeEach
    void launch(@TempDir Path dir) throws Exception {
        lab = new CloudWithInstance();
        ec2 = lab.ec2;
        groupId = lab.groupId;
        instanceId = lab.instanceId;
        key = Files.writeString(dir.resolve("lab.pem"), "not a key: nothing logs in here\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("r--------"));
    }

    @AfterEach
    void close() {
        lab.close();
    }

    private void admit(int port) {
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(IpPermission.builder().ipProtocol("tcp")
                .fromPort(port).toPort(port).ipRanges(ANYWHERE).build()));
    }

    private Diagnosis.Report diagnose(int appPort) {
        Subject subject = new Subject(ec2, instanceId, key, "ubuntu", appPort, "nohup uvicorn main:app --host 0.0.0.0 &",
                "uvicorn main:app --host 0.0.0.0", Map.of());
        try (Diagnosis d = new Diagnosis(API_RULES)) {
            return d.run(subject);
        }
    }

    @Test
    void sshClosedIsFoundFromTheGroupsRulesAndNamesTheGroup() {
        admit(8000);
        Diagnosis.Report report = diagnose(8000);
        assertThat(report.codes()).containsExactly("ssh-port-closed");
        assertThat(report.healthy()).isFalse();
        Finding f = report.findings().get(0);
        assertThat(f.evidence()).first().isEqualTo("API: no inbound rule of [" + groupId + "] admits port 22");
        assertThat(f.fix()).contains("--group-id " + groupId + " --protocol tcp --port 22");
        assertThat(report.observations().evidence()).contains(
                "API: port 8000 admitted by [" + groupId + " tcp 8000-8000 from [0.0.0.0/0]]",
                "API: Elastic IPs: none");
        assertThat(report.observations().instanceState()).contains("running");
        assertThat(report.observations().evidence()).as("the probes reach loopback only")
                .anyMatch(e -> e.matches("API: " + instanceId + " is running, public IP 127\\.[0-9.]+"));
    }

    @Test
    void theAppsPortIsLookedAtOnlyWhenTheLabHasAnApp() {
        admit(22);
        Diagnosis.Report app = diagnose(8000);
        assertThat(app.codes()).containsExactly("app-port-closed");
        Observations seen = app.observations();
        assertThat(seen.reach(22)).as("port 22 tried from outside").isPresent();
        assertThat(seen.reach(8000)).as("the app's port tried from outside").isPresent();
        assertThat(seen.sshSymptom()).isPresent();
        assertThat(seen.httpSymptom()).isPresent();
        assertThat(seen.evidence()).anyMatch(e -> e.startsWith("tried: ssh -i " + key + " ubuntu@127."))
                .anyMatch(e -> e.startsWith("tried: curl ") && e.contains(":8000/"))
                .anyMatch(e -> e.matches("from outside: 127\\.[0-9.]+:22 [A-Z_]+"))
                .anyMatch(e -> e.matches("from outside: 127\\.[0-9.]+:8000 [A-Z_]+"));

        Diagnosis.Report noApp = diagnose(0);
        assertThat(noApp.codes()).isEmpty();
        // no server stands behind an API-only instance: not shown healthy, and nothing about an app was looked at
        assertThat(noApp.verdict()).isEqualTo(Diagnosis.Verdict.INCOMPLETE);
        assertThat(noApp.observations().probes()).extracting(Probe::name).doesNotContain("port 8000 from outside",
                "curl from outside");
        assertThat(noApp.observations().evidence()).noneMatch(e -> e.contains("8000"));
        assertThat(noApp.observations().reach(22)).isPresent();
        assertThat(noApp.observations().httpSymptom()).as("no app, no curl").isEmpty();
    }

    @Test
    void allTrafficAdmitsEveryPort() {
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(IpPermission.builder().ipProtocol("-1")
                .ipRanges(ANYWHERE).build()));
        Diagnosis.Report report = diagnose(8000);
        assertThat(report.codes()).isEmpty();
        assertThat(report.observations().evidence()).contains("API: port 22 admitted by [" + groupId + " all traffic from"
                + " [0.0.0.0/0]]");
    }

    @Test
    void aStoppedInstanceHasNoAddressToTryAndIsTheFinding() {
        admit(22);
        admit(8000);
        ec2.stopInstances(r -> r.instanceIds(instanceId));
        Diagnosis.Report report = diagnose(8000);
        assertThat(report.codes()).containsExactly("instance-stopped");
        assertThat(report.observations().evidence()).contains("API: " + instanceId + " is stopped, public IP none");
        assertThat(report.observations().sshSymptom()).as("nothing to try ssh on").isEmpty();
    }

    @Test
    void knownOnlyByTheAddressItHadAStoppedInstanceIsTheAccountsOneStoppedInstance() {
        admit(22);
        admit(8000);
        String address = ec2.describeInstances(r -> r.instanceIds(instanceId)).reservations().get(0).instances().get(0)
                .publicIpAddress();
        ec2.stopInstances(r -> r.instanceIds(instanceId));
        Subject byAddress = new Subject(ec2, null, address, 22, key, "ubuntu", 8000, "sudo systemctl restart app",
                "", Map.of());
        try (Diagnosis d = new Diagnosis(API_RULES)) {
            Diagnosis.Report report = d.run(byAddress);
            assertThat(report.codes()).containsExactly("instance-stopped");
            assertThat(report.observations().evidence()).contains("API: no instance has " + address
                    + "; the account's one stopped instance, " + instanceId + ", gave its public address back when it stopped");
        }
        // two stopped instances: which one had the address is not known, and nothing is guessed
        String other = ec2.runInstances(r -> r.imageId(lab.cloud.ubuntu2204ImageId()).instanceType("t2.micro").minCount(1).maxCount(1))
                .instances().get(0).instanceId();
        ec2.stopInstances(r -> r.instanceIds(other));
        try (Diagnosis d = new Diagnosis(API_RULES)) {
            Diagnosis.Report report = d.run(byAddress);
            assertThat(report.codes()).isEmpty();
            assertThat(report.healthy()).isFalse();
            assertThat(report.observations().probes()).anyMatch(p -> p.detail().contains("no instance of this account"
                    + " and region has the public address " + address) && p.detail().contains("stopped: "));
        }
    }

    @Test
    void theAccountsElasticIpsAreListedWithWhatTheyAreOn() {
        admit(22);
        admit(8000);
        var eip = ec2.allocateAddress(r -> r.domain("vpc"));
        Diagnosis.Report report = diagnose(8000);
        assertThat(report.codes()).containsExactly("eip-unassociated");
        assertThat(report.observations().evidence()).contains("API: Elastic IPs: " + eip.publicIp() + " associated with nothing");
        ec2.associateAddress(r -> r.allocationId(eip.allocationId()).instanceId(instanceId));
        report = diagnose(8000);
        assertThat(report.codes()).isEmpty();
        assertThat(report.observations().evidence()).contains("API: Elastic IPs: " + eip.publicIp() + " on " + instanceId);
    }
}

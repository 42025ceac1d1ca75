package io.labcheck.host;

import io.labcheck.cloud.Cloud;
import io.labcheck.cloud.HostKind;
import io.labcheck.junit.LabCloud;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.labcheck.ssh.SshConnector;
import io.labcheck.ssh.SshFailure;
import io.labcheck.ssh.SshSession;
import io.labcheck.ssh.SshTarget;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** From outside, an instance's public address behaves as an EC2 instance's does. */
@LabCloud(hosts = HostKind.CONTAINER)
class PublicAddressBehaviourTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void needsDocker() {
        DockerRequirement.require();
    }

    private record Launched(String instanceId, String groupId) {}

    private static Launched launch(Cloud cloud, int... ports) {
        Ec2Client ec2 = cloud.ec2();
        String groupId = ec2.createSecurityGroup(r -> r.groupName("web-" + System.nanoTime()).description("test"))
                .groupId();
        for (int port : ports) {
            ec2.authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(tcp(port)));
        }
        String id = ec2.runInstances(r -> r.imageId(cloud.ubuntu2204ImageId()).instanceType("t2.micro")
                .securityGroupIds(groupId).minCount(1).maxCount(1)).instances().get(0).instanceId();
        awaitState(ec2, id, InstanceStateName.RUNNING);
        return new Launched(id, groupId);
    }

    private static IpPermission tcp(int port) {
        return IpPermission.builder().ipProtocol("tcp").fromPort(port).toPort(port)
                .ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build()).build();
    }

    private static String publicIp(Ec2Client ec2, String id) {
        return ec2.describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0).publicIpAddress();
    }

    private static void awaitState(Ec2Client ec2, String id, InstanceStateName state) {
        await(id + " to be " + state).atMost(Duration.ofSeconds(90)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> ec2.describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0)
                        .state().name(), s -> s == state);
    }

    /** Starts a web server inside the instance, as a student would, and waits until it answers there. */
    private static void serveInside(ContainerHosts hosts, String id, String bind) {
        hosts.execAsRoot(id, Duration.ofSeconds(10), "sh", "-c", "cd /tmp && nohup python3 -m http.server 8000 --bind "
                + bind + " >/tmp/http.log 2>&1 </dev/null &");
        await("the app to answer inside the instance").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> insideStatus(hosts, id).equals("200"));
    }

    private static String insideStatus(ContainerHosts hosts, String id) {
        return hosts.execAsRoot(id, Duration.ofSeconds(10), "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                "http://127.0.0.1:8000/").stdout().trim();
    }

    private static void connect(String ip, int port, int timeoutMs) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(ip, port), timeoutMs);
        }
    }

    @Test
    void aPortWithoutARuleTimesOutUntilTheRuleIsAdded(Cloud cloud, ContainerHosts hosts) throws Exception {
        Launched i = launch(cloud, 22);
        serveInside(hosts, i.instanceId(), "0.0.0.0");
        String ip = publicIp(cloud.ec2(), i.instanceId());

        long t0 = System.nanoTime();
        assertThrows(SocketTimeoutException.class, () -> connect(ip, 8000, 1500), "dropped, not refused");
        assertThat((System.nanoTime() - t0) / 1_000_000).as("waited out the client's timeout").isGreaterThanOrEqualTo(1400);

        cloud.ec2().authorizeSecurityGroupIngress(r -> r.groupId(i.groupId()).ipPermissions(tcp(8000)));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + ip + ":8000/"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
    }

    @Test
    void aLoopbackBindIsRefusedFromOutsideButAnswersInside(Cloud cloud, ContainerHosts hosts) {
        Launched i = launch(cloud, 22, 8000);
        serveInside(hosts, i.instanceId(), "127.0.0.1");
        String ip = publicIp(cloud.ec2(), i.instanceId());
        await("the public port to follow the app").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    ConnectException refused = assertThrows(ConnectException.class, () -> connect(ip, 8000, 1500));
                    assertThat(refused.getMessage()).contains("refused");
                });
        assertEquals("200", insideStatus(hosts, i.instanceId()), "the app answers on the instance itself");
    }

    @Test
    void aKeyFileReadableByOthersIsRefusedByTheClientBeforeAnyConnection(Cloud cloud, ContainerHosts hosts,
                                                                        @TempDir Path dir) throws Exception {
        Ec2Client ec2 = cloud.ec2();
        String keyName = "key-" + System.nanoTime();
        Path pem = dir.resolve(keyName + ".pem");
        Files.writeString(pem, ec2.createKeyPair(r -> r.keyName(keyName)).keyMaterial() + "\n");
        Files.setPosixFilePermissions(pem, PosixFilePermissions.fromString("rw-r--r--"));
        String groupId = ec2.createSecurityGroup(r -> r.groupName("ssh-" + System.nanoTime()).description("ssh"))
                .groupId();
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(tcp(22)));
        String id = ec2.runInstances(r -> r.imageId(cloud.ubuntu2204ImageId()).instanceType("t2.micro")
                .keyName(keyName).securityGroupIds(groupId).minCount(1).maxCount(1)).instances().get(0).instanceId();
        awaitState(ec2, id, InstanceStateName.RUNNING);
        String ip = publicIp(ec2, id);

        try (SshConnector ssh = new SshConnector()) {
            // The harness's readiness probe is the one connection sshd has seen so far: its line comes first.
            String before = await("sshd to log the readiness probe's closed connection").atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(100)).until(() -> sshdLog(hosts, id), log -> log.contains("Connection closed"));
            SshFailure refused = assertThrows(SshFailure.class,
                    () -> ssh.connect(SshTarget.ubuntu(ip, pem), Duration.ofSeconds(10)));
            assertEquals(SshFailure.Kind.KEY_PERMISSIONS, refused.kind());
            assertThat(refused.getMessage()).contains("UNPROTECTED PRIVATE KEY FILE")
                    .contains("Permissions 0644 for '" + pem + "' are too open").contains("Permission denied (publickey)");
            assertThat(sshdLog(hosts, id).substring(before.length())).as("sshd never heard of the refused attempt")
                    .doesNotContain("Accepted")
                    .doesNotContain("Connection closed").doesNotContain("Disconnected");

            Files.setPosixFilePermissions(pem, PosixFilePermissions.fromString("r--------"));
            try (SshSession session = ssh.connect(SshTarget.ubuntu(ip, pem), Duration.ofSeconds(10))) {
                assertEquals("ubuntu", session.exec("whoami", Duration.ofSeconds(10)).stdout().trim());
            }
            await("sshd to log the login").atMost(Duration.ofSeconds(5))
                    .until(() -> sshdLog(hosts, id).contains("Accepted publickey for ubuntu"));
        }
    }

    /**
     * sshd's log, by its syslog identifier. Not {@code -u ssh.service}: a per-connection sshd that logs and exits at
     * once can be gone before journald reads its cgroup, and then its line has no unit (measured: 1 of 40 probes'
     * "Connection closed" lines missing from {@code -u}, none from {@code -t}).
     */
    private static String sshdLog(ContainerHosts hosts, String instanceId) {
        var log = hosts.execAsRoot(instanceId, Duration.ofSeconds(10), "journalctl", "-t", "sshd", "-o", "cat",
                "--no-pager");
        assertEquals(0, log.exitCode(), () -> "journalctl -t sshd failed: " + log.stderr());
        return log.stdout();
    }

    @Test
    void anElasticIpMovesThePublicAddress(Cloud cloud) throws IOException {
        Launched i = launch(cloud, 22);
        Ec2Client ec2 = cloud.ec2();
        String before = publicIp(ec2, i.instanceId());
        var eip = ec2.allocateAddress(r -> r.domain("vpc"));
        ec2.associateAddress(r -> r.allocationId(eip.allocationId()).instanceId(i.instanceId()));

        assertEquals(eip.publicIp(), publicIp(ec2, i.instanceId()));
        connect(eip.publicIp(), 22, 2000); // sshd answers at the Elastic IP
        assertThrows(SocketTimeoutException.class, () -> connect(before, 22, 1500),
                "the released address leads nowhere");
    }

    /**
     * A stop and start, as on EC2: the plain public IP is given up and a new one comes with the start (the old one
     * leads nowhere, sshd answers at the new one once the host is back); an Elastic IP stays through it.
     */
    @Test
    void aStopStartChangesAPlainPublicIpAndKeepsAnElasticIp(Cloud cloud) throws IOException {
        Launched i = launch(cloud, 22);
        Ec2Client ec2 = cloud.ec2();
        String plainBefore = publicIp(ec2, i.instanceId());
        stopAndStart(ec2, i.instanceId());
        String plainAfter = publicIp(ec2, i.instanceId());

        assertThat(plainAfter).as("a new plain public IP after the start").isNotNull().isNotEqualTo(plainBefore);
        connect(plainAfter, 22, 2000);
        assertThrows(SocketTimeoutException.class, () -> connect(plainBefore, 22, 1500), "the old address leads nowhere");

        var eip = ec2.allocateAddress(r -> r.domain("vpc"));
        ec2.associateAddress(r -> r.allocationId(eip.allocationId()).instanceId(i.instanceId()));
        stopAndStart(ec2, i.instanceId());
        assertEquals(eip.publicIp(), publicIp(ec2, i.instanceId()), "the Elastic IP stays");
        connect(eip.publicIp(), 22, 2000);
    }

    private static void stopAndStart(Ec2Client ec2, String id) {
        ec2.stopInstances(r -> r.instanceIds(id));
        awaitState(ec2, id, InstanceStateName.STOPPED);
        ec2.startInstances(r -> r.instanceIds(id));
        awaitState(ec2, id, InstanceStateName.RUNNING);
    }

    @Test
    void aStoppedInstanceIsUnreachable(Cloud cloud) throws IOException {
        Launched i = launch(cloud, 22);
        String ip = publicIp(cloud.ec2(), i.instanceId());
        connect(ip, 22, 2000); // sshd answers while it runs

        cloud.ec2().stopInstances(r -> r.instanceIds(i.instanceId()));
        awaitState(cloud.ec2(), i.instanceId(), InstanceStateName.STOPPED);
        assertThrows(SocketTimeoutException.class, () -> connect(ip, 22, 1500),
                "the address leads nowhere: a timeout, as on AWS");
    }
}

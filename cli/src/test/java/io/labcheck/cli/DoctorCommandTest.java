package io.labcheck.cli;

import io.labcheck.cloud.Cloud;
import io.labcheck.cloud.HostKind;
import io.labcheck.host.ContainerHosts;
import io.labcheck.junit.LabCloud;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code labcheck doctor} on a real sshd host behind the embedded cloud's gateway: healthy it exits 0, broken it
 * names the cause and the fix and exits 1, and either way it leaves the server exactly as it found it.
 */
@LabCloud(hosts = HostKind.CONTAINER)
class DoctorCommandTest {
    private static final String START = "cd ~ && nohup python3 -m http.server 8000 --bind BIND > server.log 2>&1 < /dev/null &";

    private record Server(String id, String ip, Path key) {}

    @Test
    void aHealthyServerIsOkAndABrokenOneNamesTheCauseAndTheFixWithoutBeingTouched(Cloud cloud, ContainerHosts hosts,
                                                                                  @TempDir Path dir) throws Exception {
        Server s = deploy(cloud, hosts, dir);
        String endpoint = cloud.endpoint().orElseThrow().toString();
        String[] args = {"doctor", "--host", s.ip(), "--key", s.key().toString(), "--endpoint", endpoint,
                "--region", cloud.region(), "--start", START.replace("BIND", "0.0.0.0")};

        String before = serverState(hosts, s.id());
        Cli.Outcome healthy = Cli.run(args);
        assertThat(healthy.exitCode()).as(healthy.all()).isZero();
        assertThat(healthy.out()).contains("OK: nothing wrong").contains("ok  the instance (API): " + s.id() + " is running");
        awaitUnchanged(hosts, s.id(), before, "a healthy server");
        assertThat(hosts.execAsRoot(s.id(), Duration.ofSeconds(10), "cat", "/home/ubuntu/server.log").stdout().lines()
                .filter(l -> !l.startsWith("Serving HTTP"))).as("the app's log: doctor's requests and nothing else")
                .isNotEmpty().allMatch(l -> l.contains("\"GET / HTTP/1.1\" 200"));

        // without cloud credentials or an endpoint, the API's checks are skipped, said so, and health still shown
        Cli.Outcome noCloud = Cli.run("doctor", "--host", s.ip(), "--key", s.key().toString());
        assertThat(noCloud.exitCode()).as(noCloud.all()).isZero();
        assertThat(noCloud.out()).contains("skipped  the instance (API): no cloud credentials")
                .contains("(not looked at: the instance (API), its security groups (API), the Elastic IPs (API))");

        badKeysAndUsersAndNamesSayWhatIsWrong(s, dir);

        // broken by hand as a student breaks it: the app restarted on 127.0.0.1
        hosts.execAsRoot(s.id(), Duration.ofSeconds(10), "pkill", "-f", "http.server");
        hosts.execAsRoot(s.id(), Duration.ofSeconds(10), "su", "-", "ubuntu", "-c", START.replace("BIND", "127.0.0.1"));
        await("the app to listen on 127.0.0.1 only").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> hosts.execAsRoot(s.id(), Duration.ofSeconds(10), "ss", "-Hltn", "sport = :8000").stdout()
                        .contains("127.0.0.1:8000"));
        String broken = serverState(hosts, s.id());
        Cli.Outcome found = Cli.run(args);
        assertThat(found.exitCode()).as(found.all()).isEqualTo(1);
        assertThat(found.out()).contains("FOUND loopback-bind: the app listens on 127.0.0.1:8000 only")
                .contains("fix: restart it bound to all addresses: " + START.replace("BIND", "0.0.0.0"))
                .contains("NOT OK: found: [loopback-bind]");
        awaitUnchanged(hosts, s.id(), broken, "a broken server");

        JsonNode json = new ObjectMapper().readTree(Cli.run(concat(args, "--json")).out());
        assertThat(json.get("verdict").asText()).isEqualTo("findings");
        assertThat(json.get("findings").get(0).get("code").asText()).isEqualTo("loopback-bind");
        assertThat(json.get("probes").size()).isGreaterThan(10);
    }

    /**
     * What students get wrong before anything is wrong with the server: another key, the wrong login user, a file
     * that is not a key, a key with a passphrase, a name that does not resolve. Each is named, the checks that do not
     * need the login still run and say the app answers, and nothing is reported about the server that is not so.
     */
    private static void badKeysAndUsersAndNamesSayWhatIsWrong(Server s, Path dir) throws Exception {
        Path other = dir.resolve("other.pem");
        Path locked = dir.resolve("locked.pem");
        Path notAKey = Files.writeString(dir.resolve("notes.pem"), "these are my notes, not a key\n");
        Files.setPosixFilePermissions(notAKey, PosixFilePermissions.fromString("r--------"));
        for (String[] gen : List.of(new String[] {other.toString(), ""}, new String[] {locked.toString(), "secret"})) {
            Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", gen[1], "-f", gen[0]).redirectErrorStream(true).start();
            assertThat(p.waitFor()).isZero();
        }
        Cli.Outcome wrongKey = Cli.run("doctor", "--host", s.ip(), "--key", other.toString());
        assertThat(wrongKey.exitCode()).as(wrongKey.all()).isEqualTo(1);
        assertThat(wrongKey.out()).contains("a login to the server: ssh: AUTH_DENIED")
                .contains("ok  curl from outside").doesNotContain("FOUND");

        Cli.Outcome wrongUser = Cli.run("doctor", "--host", s.ip(), "--key", s.key().toString(), "--user", "ec2-user");
        assertThat(wrongUser.exitCode()).as(wrongUser.all()).isEqualTo(1);
        assertThat(wrongUser.out()).contains("ssh: AUTH_DENIED").contains("the server refused this key for ec2-user: another"
                + " key, or another login user").doesNotContain("FOUND");

        Cli.Outcome garbage = Cli.run("doctor", "--host", s.ip(), "--key", notAKey.toString());
        assertThat(garbage.exitCode()).as(garbage.all()).isEqualTo(1);
        assertThat(garbage.out()).contains("PROBLEM  the key file: mode r--------, OpenSSH cannot load it without asking: it is"
                + " not a private key OpenSSH knows").doesNotContain("FOUND");

        Cli.Outcome passphrase = Cli.run("doctor", "--host", s.ip(), "--key", locked.toString());
        assertThat(passphrase.exitCode()).as(passphrase.all()).isEqualTo(1);
        assertThat(passphrase.out()).contains("PROBLEM  the key file: mode rw-------, OpenSSH cannot load it without asking:"
                + " it is protected by a passphrase").doesNotContain("FOUND");

        Cli.Outcome nowhere = Cli.run("doctor", "--host", "no-such-server.invalid", "--key", s.key().toString());
        assertThat(nowhere.exitCode()).as(nowhere.all()).isEqualTo(1);
        assertThat(nowhere.out()).contains("no-such-server.invalid does not resolve to an address")
                .doesNotContain("TIMEOUT").doesNotContain("FOUND");
        // a server whose host key is not the one kept for its address (a new server there, or someone between)
        Path hostKey = dir.resolve("someone-else");
        assertThat(new ProcessBuilder("ssh-keygen", "-q", "-t", "ecdsa", "-N", "", "-f", hostKey.toString()).start().waitFor()).isZero();
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), s.ip() + " "
                + Files.readString(dir.resolve("someone-else.pub")).strip().replaceFirst(" \\S+$", "") + "\n");
        Cli.Outcome changed = Cli.run("doctor", "--host", s.ip(), "--key", s.key().toString(), "--known-hosts",
                knownHosts.toString());
        assertThat(changed.exitCode()).as(changed.all()).isEqualTo(1);
        assertThat(changed.out()).contains("ssh: HOST_KEY_CHANGED: Offending ECDSA key in " + knownHosts)
                .contains("ssh-keygen -f '" + knownHosts + "' -R '" + s.ip() + "'").doesNotContain("FOUND");
        assertThat(changed.out() + changed.err()).doesNotContain("Exception");
        System.out.println(String.join("\n---\n", wrongKey.out(), wrongUser.out(), garbage.out(), passphrase.out(), nowhere.out(),
                changed.out()));
    }

    @Test
    void badInputIsExitTwoWithTheFix(@TempDir Path dir) {
        Cli.Outcome missing = Cli.run("doctor", "--host", "13.125.1.2", "--key", dir.resolve("nope.pem").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--key " + dir.resolve("nope.pem") + ": no such file; give the .pem file");
        Cli.Outcome userInHost = Cli.run("doctor", "--host", "ubuntu@13.125.1.2", "--key", dir.toString());
        assertThat(userInHost.exitCode()).isEqualTo(2);
        assertThat(userInHost.err()).contains("the login user goes in --user");
    }

    private static String[] concat(String[] args, String more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = more;
        return all;
    }

    /**
     * What doctor must not change: every file under the login user's home and /etc (path, size, mode, mtime), the
     * processes (their command lines) and the listening sockets.
     */
    static String serverState(ContainerHosts hosts, String id) {
        return hosts.execAsRoot(id, Duration.ofSeconds(20), "bash", "-c",
                // an app's log grows by the line of each request doctor's curl makes, as for any visitor: its
                // size and time are left out here, and what was added is checked to be requests only
                "find /home/ubuntu /etc -xdev \\( -name '*.log' -printf '%p %m\\n' \\) -o -printf '%p %s %m %T@\\n'"
                        + " 2>/dev/null | sort;"
                        // '[grep]': a process exiting as ps looks (a zombie, not yet reaped); a container's PID
                        // namespace shows no kernel threads, so a bracketed name is never a running program here
                        + " echo ---; ps -eo args= | grep -v -e '^ps ' -e '^bash -c find' -e '^sort' -e 'sshd: ' -e '^\\[' | sort;"
                        + " echo ---; ss -Hltn | awk '{print $4}' | sort").stdout();
    }

    /** The state comes back to what it was (doctor's own SSH sessions end a moment after it returns). */
    static void awaitUnchanged(ContainerHosts hosts, String id, String before, String what) {
        await("the state of " + what + " to be as before doctor").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> assertThat(serverState(hosts, id))
                        .isEqualTo(before));
    }

    /** A key pair at 0400, a group admitting 22 and 8000, an instance, and a web server on 0.0.0.0:8000 in it. */
    private static Server deploy(Cloud cloud, ContainerHosts hosts, Path dir) throws Exception {
        Ec2Client ec2 = cloud.ec2();
        String keyName = "doctor-" + System.nanoTime();
        Path pem = dir.resolve(keyName + ".pem");
        Files.writeString(pem, ec2.createKeyPair(r -> r.keyName(keyName)).keyMaterial() + "\n");
        Files.setPosixFilePermissions(pem, PosixFilePermissions.fromString("r--------"));
        String groupId = ec2.createSecurityGroup(r -> r.groupName(keyName).description("doctor")).groupId();
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
        hosts.execAsRoot(id, Duration.ofSeconds(10), "su", "-", "ubuntu", "-c", START.replace("BIND", "0.0.0.0"));
        await("the web server to answer inside " + id).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> hosts.execAsRoot(id, Duration.ofSeconds(10), "curl", "-s", "-o", "/dev/null", "-w",
                        "%{http_code}", "http://127.0.0.1:8000/").stdout().trim().equals("200"));
        String ip = ec2.describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0).publicIpAddress();
        return new Server(id, ip, pem);
    }
}

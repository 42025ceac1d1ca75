package io.labcheck.cli;

import io.labcheck.cli.Programs.Ran;

import io.labcheck.host.ContainerHosts;
import io.labcheck.host.HostImage;
import io.labcheck.host.Owner;
import io.labcheck.substitute.PackageIndex;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.testcontainers.DockerClientFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code grade} and {@code doctor} against a server labcheck did not make: a container started with a plain
 * {@code docker run}, its own address on the bridge, no embedded cloud, no gateway, no API. It is not Ubuntu either:
 * Debian 12 with Debian's login user {@code admin} (no {@code ubuntu} user), and sshd as its first process (no
 * systemd). The student's key is their own ({@code ssh-keygen}), and the lab (fastapi-nohup) is done by hand over
 * OpenSSH as its document says. Healthy, it scores full and doctor finds nothing; then each catalogue fault that
 * can exist without a cloud is made by hand (chmod, a firewall that drops, pkill, a memory hog, docker stop), and
 * grade and doctor must name exactly that fault from what a student's computer sees, with no cloud to ask. Each is
 * repaired after, even when the test fails half-way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("grade and doctor on a Debian server with sshd as PID 1, started without labcheck's cloud")
class OwnServerTest {
    private static final String LAB = "fastapi-nohup";
    private static final String USER = "admin";
    private static final int PORT = 8000;
    private static final String HOME = "/home/" + USER;
    private static final String APP = "python3 -m uvicorn main:app --host 0.0.0.0 --port " + PORT;
    private static final String BODY = "{\"status\":\"ok\",\"service\":\"hello\"}";
    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path dir;
    private Path key;
    private String container;
    /** The server's own network: a stopped server's address is not handed to another run's container meanwhile. */
    private String network;
    private String ip;
    private PackageIndex index;


    @BeforeAll
    void aServerNobodyProvisionedForUs() throws Exception {
        boolean docker = DockerClientFactory.instance().isDockerAvailable();
        if (!docker && System.getenv("LABCHECK_REQUIRE_DOCKER") != null) {
            fail("LABCHECK_REQUIRE_DOCKER is set but no Docker engine answers");
        }
        assumeTrue(docker, "no Docker engine answers: start one with fixtures/docker-engine.sh");
        String image = HostImage.configuredName();
        HostImage.inspect(DockerClientFactory.instance().client(), image); // says how to build it when it is missing
        dir = Files.createTempDirectory("labcheck-own-server");
        key = dir.resolve("fastapi-key.pem");
        assertThat(Programs.run(Duration.ofSeconds(30), "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "student", "-f",
                key.toString()).exit()).isZero();
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("r--------"));

        // PyPI is out of reach here: pip on this server uses labcheck's package index (a substitute), as the cloud's do
        Map<String, String> labels = Map.of(ContainerHosts.LABEL_MANAGED, "true", ContainerHosts.LABEL_OWNER, Owner.current());
        String indexName = "labcheck-own-server-index-" + System.nanoTime();
        index = PackageIndex.start(DockerClientFactory.instance().client(), labels, indexName);
        // Its own network, as a student's server has its own address: on the engine's shared bridge, a container of
        // another run started while this one is stopped could be given its address (and answer its ssh, in
        // serverStopped). The index joins it, so pip reaches it there.
        String netName = "labcheck-own-server-net-" + System.nanoTime();
        Ran net = Programs.run(Duration.ofSeconds(30), "docker", "network", "create", "--label", ContainerHosts.LABEL_MANAGED
                + "=true", netName);
        assertThat(net.exit()).as(net.out()).isZero();
        network = netName; // the name: .NetworkSettings.Networks is keyed by it
        assertThat(Programs.run(Duration.ofSeconds(30), "docker", "network", "connect", network, indexName).exit()).isZero();
        String indexHere = Programs.run(Duration.ofSeconds(10), "docker", "inspect", "-f",
                "{{(index .NetworkSettings.Networks \"" + network + "\").IPAddress}}", indexName).out().strip();
        assertThat(indexHere).as("the package index's address on " + network).matches("\\d{1,3}(\\.\\d{1,3}){3}");
        String pipConf = index.pipConf().replace(index.address(), indexHere);
        // a plain docker run: 1 GiB and no swap as a small VM has; sshd in the foreground is the whole server
        Ran started = Programs.run(Duration.ofSeconds(60), "docker", "run", "-d", "--network", network,
                "--name", "labcheck-own-server-" + System.nanoTime(),
                "--label", ContainerHosts.LABEL_MANAGED + "=true", "--label", ContainerHosts.LABEL_OWNER + "=" + Owner.current(),
                "--hostname", "web01", "--memory", "1g", "--memory-swap", "1g", image, "/usr/sbin/sshd", "-D", "-e");
        assertThat(started.exit()).as(started.out()).isZero();
        container = started.out().strip();
        // the image as Debian's cloud images are: the user admin with sudo and the student's public key, no ubuntu
        asRoot("userdel -r ubuntu && rm -f /etc/sudoers.d/90-cloud-init-users"
                + " && useradd --create-home --shell /bin/bash " + USER + " && usermod -p '*' " + USER
                + " && echo '" + USER + " ALL=(ALL) NOPASSWD:ALL' > /etc/sudoers.d/90-cloud-init-users"
                + " && install -d -m 0700 -o " + USER + " -g " + USER + " " + HOME + "/.ssh"
                + " && echo " + base64(Files.readString(Path.of(key + ".pub"))) + " | base64 -d > " + HOME + "/.ssh/authorized_keys"
                + " && chown " + USER + ": " + HOME + "/.ssh/authorized_keys && chmod 600 " + HOME + "/.ssh/authorized_keys"
                + " && echo " + base64(pipConf) + " | base64 -d > /etc/pip.conf");
        ip = address();
        await("sshd at " + ip + " to take the student's login").atMost(SETTLE).pollInterval(POLL)
                .until(() -> ssh("true").exit() == 0);
        assertThat(asRoot(". /etc/os-release && echo $ID")).as("a server that is not Ubuntu").isEqualTo("debian");
        assertThat(asRoot("cat /proc/1/comm")).as("its first process").isEqualTo("sshd");

        // the lab, typed by the student over ssh as its document says (steps 3 and 4)
        index.awaitReady();
        index.pin(List.of("fastapi", "uvicorn"));
        Ran install = ssh("mkdir -p ~/hello && cd ~/hello && python3 -m venv venv && source venv/bin/activate"
                + " && pip install -q fastapi uvicorn 2>&1 | tail -n 5; test -x venv/bin/uvicorn");
        assertThat(install.exit()).as("pip install in the venv: " + install.out()).isZero();
        Ran app = ssh("cd ~/hello && cat > main.py <<'EOF'\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n\n"
                + "@app.get(\"/health\")\ndef health():\n    return {\"status\": \"ok\", \"service\": \"hello\"}\nEOF");
        assertThat(app.exit()).as(app.out()).isZero();
        startInVenv(APP);
        answers();
    }

    @AfterAll
    void release() throws IOException {
        try {
            if (container != null) {
                Programs.run(Duration.ofSeconds(60), "docker", "rm", "-f", "-v", container);
            }
        } finally {
            try {
                if (index != null) {
                    index.close();
                }
                if (network != null) {
                    Programs.run(Duration.ofSeconds(30), "docker", "network", "rm", network);
                }
            } finally {
                if (dir != null) {
                    try (Stream<Path> all = Files.walk(dir)) {
                        all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    }
                }
            }
        }
    }

    // --- healthy ----------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    @DisplayName("healthy: full score, nothing found, the API's checks skipped saying why, nothing touched")
    void healthyIsFullAndUntouched() throws Exception {
        String before = serverState();
        long t0 = System.nanoTime();
        Cli.Outcome grade = Cli.run(grade());
        System.out.println("figure: healthy: grade " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        System.out.println(grade.out());
        assertThat(grade.exitCode()).as(grade.all()).isZero();
        assertThat(grade.out()).containsPattern("score: (\\d+)/\\1\\b").contains("[1/1] ssh logs in with the key")
                .contains("[not checked] the security group admits port 8000 from anywhere (0.0.0.0/0) (the cloud's API):"
                        + " no cloud credentials")
                .contains("(4 points not checked from here)").doesNotContain("why:");
        Cli.Outcome doctor = Cli.run(doctor());
        System.out.println(doctor.out());
        assertThat(doctor.exitCode()).as(doctor.all()).isZero();
        assertThat(doctor.out()).contains("OK: nothing wrong")
                .contains("skipped  the instance (API): no cloud credentials");
        awaitUnchanged(before);

        // the lab says ubuntu@; this server's user is admin: named, and what needs no login still checked
        Cli.Outcome asUbuntu = Cli.run("grade", LAB, "--host", ip, "--key", key.toString(), "--known-hosts", knownHosts());
        System.out.println(asUbuntu.out());
        assertThat(asUbuntu.exitCode()).as(asUbuntu.all()).isEqualTo(1);
        assertThat(asUbuntu.out()).contains("AUTH_DENIED").contains("the server refused this key for ubuntu")
                .contains("admin on Debian's").contains("[2/2] the app answers GET /health from outside");
        assertThat(asUbuntu.out()).doesNotContain("found: [");
        awaitUnchanged(before);
    }

    // --- the faults, by hand ----------------------------------------------------------------------------------

    @Test
    @Order(2)
    @DisplayName("key-permissions: chmod 644 on the key")
    void keyPermissions() throws Exception {
        try {
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
            assertThat(ssh("true").out()).contains("UNPROTECTED PRIVATE KEY FILE");
            bothName("key-permissions", true);
        } finally {
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("r--------"));
        }
        healthy();
    }

    @Test
    @Order(3)
    @DisplayName("ssh-port-closed: the server's firewall drops port 22 (no cloud to ask)")
    void sshPortClosed() throws Exception {
        dropping(22, () -> {
            Ran ssh = ssh("true");
            assertThat(ssh.exit()).as(ssh.out()).isEqualTo(255);
            assertThat(ssh.out()).containsIgnoringCase("timed out");
            answers();
            bothName("ssh-port-closed", true);
        });
        healthy();
    }

    @Test
    @Order(4)
    @DisplayName("app-port-closed: the server's firewall drops port 8000")
    void appPortClosed() throws Exception {
        dropping(PORT, () -> {
            assertThat(curl().exit()).as("curl's 28 is a timeout").isEqualTo(28);
            assertThat(ssh("curl -s http://127.0.0.1:" + PORT + "/health").out()).isEqualTo(BODY);
            bothName("app-port-closed", true);
        });
        healthy();
    }

    @Test
    @Order(5)
    @DisplayName("loopback-bind: the app restarted with --host 127.0.0.1")
    void loopbackBind() throws Exception {
        try {
            stopApp();
            startInVenv(APP.replace("0.0.0.0", "127.0.0.1"));
            await("the app on 127.0.0.1:" + PORT).atMost(SETTLE).pollInterval(POLL)
                    .until(() -> ssh("ss -Hltn 'sport = :" + PORT + "'").out().contains("127.0.0.1:" + PORT));
            assertThat(curl().exit()).as("curl's 7 is a refusal").isEqualTo(7);
            bothName("loopback-bind", true);
        } finally {
            restartApp();
        }
        healthy();
    }

    @Test
    @Order(6)
    @DisplayName("app-not-running: the app killed")
    void appNotRunning() throws Exception {
        try {
            stopApp();
            assertThat(curl().exit()).isEqualTo(7);
            bothName("app-not-running", true);
        } finally {
            restartApp();
        }
        healthy();
    }

    @Test
    @Order(7)
    @DisplayName("venv-inactive: the app started from a new login, without its venv")
    void venvInactive() throws Exception {
        try {
            stopApp();
            ssh("cd ~/hello && { nohup " + APP + " > app.log 2>&1 < /dev/null & }");
            await("the app's log saying why it did not start").atMost(SETTLE).pollInterval(POLL)
                    .until(() -> ssh("cat ~/hello/app.log").out().contains("No module named"));
            bothName("venv-inactive", true);
        } finally {
            restartApp();
        }
        healthy();
    }

    @Test
    @Order(8)
    @DisplayName("out-of-memory: a python3 memory hog holds 85 % of the server's memory")
    void outOfMemory() throws Exception {
        String pid = ssh("{ nohup python3 -c 'b = bytearray(int(1024 ** 3 * 0.85)); import time; time.sleep(600)'"
                + " > /dev/null 2>&1 < /dev/null & } ; echo $!").out();
        try {
            assertThat(pid).matches("[0-9]+");
            await("the hog holding its memory").atMost(SETTLE).pollInterval(POLL)
                    .until(() -> ssh("ps -o rss= -p " + pid).out(), rss -> rss.matches("\\d+") && Long.parseLong(rss) > 800_000);
            bothName("out-of-memory", false); // the lab's end state still holds: grade stays full, doctor says it
        } finally {
            ssh("kill " + pid);
        }
        await("the hog gone").atMost(SETTLE).pollInterval(POLL).until(() -> ssh("kill -0 " + pid).exit() != 0);
        healthy();
    }

    @Test
    @Order(9)
    @DisplayName("instance-stopped: the server stopped (docker stop), then started again")
    void serverStopped() throws Exception {
        try {
            assertThat(Programs.run(Duration.ofSeconds(60), "docker", "stop", "-t", "5", container).exit()).isZero();
            Ran ssh = ssh("true");
            assertThat(ssh.exit()).as(ssh.out()).isEqualTo(255);
            bothName("instance-stopped", true);
        } finally {
            Programs.run(Duration.ofSeconds(60), "docker", "start", container);
            ip = address(); // a server started again may have another address: the student looks it up
            await("sshd at " + ip + " after the start").atMost(SETTLE).pollInterval(POLL).until(() -> ssh("true").exit() == 0);
            startInVenv(APP); // nohup'd processes do not survive a stop
            answers();
        }
        healthy();
    }

    // --- what the student runs --------------------------------------------------------------------------------

    private String knownHosts() {
        return dir.resolve("labcheck_known_hosts").toString();
    }

    private String[] grade() {
        return new String[] {"grade", LAB, "--host", ip, "--key", key.toString(), "--user", USER, "--known-hosts", knownHosts()};
    }

    private String[] doctor() {
        return new String[] {"doctor", "--host", ip, "--key", key.toString(), "--user", USER, "--known-hosts", knownHosts(),
                "--app-port", String.valueOf(PORT), "--start", "cd ~/hello && source venv/bin/activate && nohup " + APP
                + " > app.log 2>&1 &"};
    }

    /**
     * doctor names exactly {@code code} (no other finding), and grade names it too; where the lab's end state breaks,
     * grade loses points, else it stays full.
     */
    private void bothName(String code, boolean endStateBreaks) throws IOException {
        String[] doctorJson = Stream.concat(Stream.of(doctor()), Stream.of("--json")).toArray(String[]::new);
        long t0 = System.nanoTime();
        Cli.Outcome doctor = Cli.run(doctorJson);
        long doctorMs = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("doctor, " + code + " (" + doctorMs + " ms):\n" + doctor.out());
        assertThat(doctor.exitCode()).as(doctor.all()).isEqualTo(1);
        assertThat(JSON.readTree(doctor.out()).get("findings").findValuesAsText("code")).as("doctor on " + code)
                .containsExactly(code);
        t0 = System.nanoTime();
        Cli.Outcome grade = Cli.run(Stream.concat(Stream.of(grade()), Stream.of("--json")).toArray(String[]::new));
        System.out.println("figure: " + code + ": doctor " + doctorMs + " ms, grade " + (System.nanoTime() - t0) / 1_000_000
                + " ms");
        JsonNode card = JSON.readTree(grade.out());
        if (endStateBreaks) {
            assertThat(grade.exitCode()).as(grade.all()).isEqualTo(1);
            assertThat(card.get("earned").asInt()).as(grade.out()).isLessThan(card.get("points").asInt());
            assertThat(card.get("findings").findValuesAsText("code")).as("grade's why on " + code).containsExactly(code);
        } else {
            assertThat(grade.exitCode()).as(grade.all()).isZero();
        }
    }

    /** After a repair: full score and no finding again. */
    private void healthy() {
        Cli.Outcome grade = Cli.run(grade());
        assertThat(grade.exitCode()).as("grade after the repair: " + grade.all()).isZero();
        Cli.Outcome doctor = Cli.run(doctor());
        assertThat(doctor.exitCode()).as("doctor after the repair: " + doctor.all()).isZero();
    }

    @FunctionalInterface
    private interface Broken {
        void check() throws Exception;
    }

    /**
     * A firewall on the server that drops {@code port} (what {@code ufw deny} or a security group without the rule
     * does: the connect times out), set from this machine in the server's network namespace, removed after.
     */
    private void dropping(int port, Broken check) throws Exception {
        boolean root = "0".equals(Programs.run(Duration.ofSeconds(5), "id", "-u").out());
        if (!root && System.getenv("LABCHECK_REQUIRE_DOCKER") != null) {
            fail("LABCHECK_REQUIRE_DOCKER is set, and a firewall in the server's network namespace needs root (nsenter)");
        }
        assumeTrue(root, "a firewall in the server's network namespace needs root (nsenter and iptables)");
        String pid = Programs.run(Duration.ofSeconds(10), "docker", "inspect", "-f", "{{.State.Pid}}", container).out();
        // as ufw does, the server still talks to itself on lo
        String rule = "INPUT ! -i lo -p tcp --dport " + port + " -j DROP";
        Ran set = Programs.run(Duration.ofSeconds(10), "bash", "-c", "nsenter -t " + pid + " -n iptables -I " + rule);
        assertThat(set.exit()).as("iptables -I " + rule + ": " + set.out()).isZero();
        try {
            check.check();
        } finally {
            Ran removed = Programs.run(Duration.ofSeconds(10), "bash", "-c", "nsenter -t " + pid + " -n iptables -D " + rule);
            assertThat(removed.exit()).as("iptables -D " + rule + ": " + removed.out()).isZero();
        }
    }

    private void startInVenv(String command) {
        Ran started = ssh("cd ~/hello && source venv/bin/activate && { nohup " + command + " > app.log 2>&1 < /dev/null & }");
        assertThat(started.exit()).as(started.out()).isZero();
    }

    private void stopApp() {
        ssh("pkill -f '[u]vicorn main:app'");
        await("nothing on port " + PORT + " after pkill").atMost(SETTLE).pollInterval(POLL)
                .until(() -> ssh("ss -Hltn 'sport = :" + PORT + "'").out().isBlank());
    }

    private void restartApp() {
        stopApp();
        startInVenv(APP);
        answers();
    }

    private void answers() {
        await("the app answering " + BODY + " at " + ip + ":" + PORT).atMost(SETTLE).pollInterval(POLL)
                .until(() -> curl().out().equals(BODY));
    }

    private Ran curl() {
        return Programs.run(Duration.ofSeconds(30), "curl", "-s", "--max-time", "10", "http://" + ip + ":" + PORT + "/health");
    }

    /** The student's OpenSSH, with their own key and known_hosts. */
    private Ran ssh(String command) {
        return Programs.run(Duration.ofMinutes(5), "ssh", "-i", key.toString(), "-o", "BatchMode=yes", "-o", "ConnectTimeout=5",
                "-o", "StrictHostKeyChecking=accept-new", "-o", "UserKnownHostsFile=" + dir.resolve("student_known_hosts"),
                USER + "@" + ip, command);
    }

    private static String base64(String text) {
        return java.util.Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private String asRoot(String script) {
        Ran r = Programs.run(Duration.ofMinutes(1), "docker", "exec", container, "bash", "-c", script);
        assertThat(r.exit()).as("on the server as root: " + script + ": " + r.out()).isZero();
        return r.out();
    }

    private String address() {
        return Programs.run(Duration.ofSeconds(10), "docker", "inspect", "-f",
                "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", container).out();
    }

    /**
     * What grade and doctor must not change: the files under the login user's home and /etc, the processes and the
     * listening sockets (as DoctorCommandTest reads them: an app's log grows by each request, and only its mode counts).
     */
    private String serverState() {
        return asRoot("find " + HOME + " /etc -xdev \\( -name '*.log' -printf '%p %m\\n' \\) -o -printf '%p %s %m %T@\\n'"
                + " 2>/dev/null | sort; echo ---; ps -eo args= | grep -v -e '^ps ' -e '^bash -c find' -e '^sort'"
                + " -e 'sshd: ' -e '^\\[' | sort; echo ---; ss -Hltn | awk '{print $4}' | sort");
    }

    private void awaitUnchanged(String before) {
        await("the server's state as before grade and doctor").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(serverState()).isEqualTo(before));
    }
}

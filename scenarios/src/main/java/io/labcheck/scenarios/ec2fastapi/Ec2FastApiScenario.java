package io.labcheck.scenarios.ec2fastapi;

import io.labcheck.cloud.Cloud;
import io.labcheck.cloud.HostKind;
import io.labcheck.host.ContainerHosts;
import io.labcheck.junit.LabCloud;
import io.labcheck.junit.LabSteps;
import io.labcheck.lab.LabDocument;
import io.labcheck.lab.SeedLabs;
import io.labcheck.ssh.ExecResult;
import io.labcheck.ssh.SshConnector;
import io.labcheck.ssh.SshSession;
import io.labcheck.ssh.SshTarget;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.KeyType;
import software.amazon.awssdk.services.ec2.model.ResourceType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seed 001, the EC2 chapter: an Ubuntu server on EC2 with a FastAPI app under uvicorn, reached from a
 * browser. One test per step of the document, in its order, each checking the end state it leaves.
 * The app's code is taken from the document itself.
 */
@LabCloud(hosts = HostKind.CONTAINER)
@LabSteps
@DisplayName("ec2-fastapi: FastAPI on an EC2 Ubuntu server (seed 001)")
class Ec2FastApiScenario {
    private static final Duration COMMAND = Duration.ofMinutes(3);
    private static final HttpClient BROWSER = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();

    private final Path workstation;
    private final SshConnector ssh = new SshConnector();
    private final LabDocument lab = SeedLabs.read(SeedLabs.EC2_FASTAPI);
    private Path pem;
    private String groupId;
    private String instanceId;
    private String publicIp;
    private SshSession server;
    private long launchedAt;

    Ec2FastApiScenario() throws IOException {
        workstation = Files.createTempDirectory("labcheck-workstation-");
    }

    @AfterAll
    void leave() throws IOException {
        if (server != null) {
            server.close();
        }
        ssh.close();
        try (var files = Files.walk(workstation)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    @Order(1)
    @DisplayName("1. create key pair my_app (RSA, .pem) and keep my_app.pem at mode 400")
    void keyPair(Ec2Client ec2) throws IOException {
        var key = ec2.createKeyPair(r -> r.keyName("my_app").keyType(KeyType.RSA));
        pem = workstation.resolve("my_app.pem");
        Files.writeString(pem, key.keyMaterial() + "\n", StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(pem, PosixFilePermissions.fromString("r--------"));
        assertEquals(Set.of(PosixFilePermission.OWNER_READ), Files.getPosixFilePermissions(pem));
    }

    @Test
    @Order(2)
    @DisplayName("2. security group: SSH (22) open to all addresses, as the launch wizard makes it")
    void securityGroup(Ec2Client ec2) {
        groupId = ec2.createSecurityGroup(r -> r.groupName("launch-wizard-1").description("launch-wizard-1"))
                .groupId();
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(IpPermission.builder()
                .ipProtocol("tcp").fromPort(22).toPort(22).ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build())
                .build()));
        var rules = ec2.describeSecurityGroups(r -> r.groupIds(groupId)).securityGroups().get(0).ipPermissions();
        assertThat(rules).extracting(IpPermission::fromPort).containsExactly(22);
    }

    @Test
    @Order(3)
    @DisplayName("3. launch my_app: t2.micro, Ubuntu 22.04 LTS x86_64, ap-northeast-2, 8 GB")
    void launch(Cloud cloud, TestReporter report) {
        Ec2Client ec2 = cloud.ec2();
        assertEquals("ap-northeast-2", cloud.region());
        launchedAt = System.nanoTime();
        instanceId = ec2.runInstances(r -> r.imageId(cloud.ubuntu2204ImageId()).instanceType("t2.micro")
                        .keyName("my_app").securityGroupIds(groupId).minCount(1).maxCount(1)
                        .tagSpecifications(t -> t.resourceType(ResourceType.INSTANCE).tags(n -> n.key("Name").value("my_app"))))
                .instances().get(0).instanceId();
        var volumes = ec2.describeVolumes(r -> r.filters(f -> f.name("attachment.instance-id").values(instanceId)))
                .volumes();
        assertEquals(8, volumes.get(0).size(), "the default 8 GB disk");
        assertEquals("t2.micro", describe(ec2).instanceTypeAsString());
    }

    @Test
    @Order(4)
    @DisplayName("4. wait until the instance is running")
    void running(Ec2Client ec2, ContainerHosts hosts, TestReporter report) {
        await("my_app to be running").atMost(Duration.ofMinutes(5)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(100)).until(() -> describe(ec2).state().name() == InstanceStateName.RUNNING);
        publicIp = describe(ec2).publicIpAddress();
        assertThat(publicIp).isNotBlank();
        note(report, "host image", hosts.image().describe());
    }

    @Test
    @Order(5)
    @DisplayName("5. ssh -i my_app.pem ubuntu@<public IP>")
    void sshIn(TestReporter report) throws Exception {
        server = ssh.connect(SshTarget.ubuntu(publicIp, pem), Duration.ofSeconds(10));
        note(report, "RunInstances to first SSH login",
                String.format("%.2f s", (System.nanoTime() - launchedAt) / 1e9));
        ExecResult whoami = server.exec("whoami && hostname", Duration.ofSeconds(10));
        assertEquals(0, whoami.exitCode(), whoami.toString());
        assertThat(whoami.stdout().lines().toList()).first().isEqualTo("ubuntu");
    }

    @Test
    @Order(6)
    @DisplayName("6. install pip and make python/pip point at python3/pip3 (update-alternatives)")
    void installPython() throws IOException {
        List<String> commands = shellCommands(c -> c.contains("update-alternatives"));
        assertThat(commands).as("the document's install block").hasSize(4);
        for (String command : commands) {
            ExecResult r = server.exec(command, COMMAND);
            assertEquals(0, r.exitCode(), command + " -> " + r);
        }
        ExecResult python = server.exec("python --version && pip --version", Duration.ofSeconds(30));
        assertEquals(0, python.exitCode(), python.toString());
        assertThat(python.stdout()).startsWith("Python 3.").contains("(python 3.");
    }

    @Test
    @Order(7)
    @DisplayName("7. pip3 install fastapi \"uvicorn[standard]\"")
    void installFastApi(TestReporter report) throws IOException {
        String command = shellCommands(c -> c.contains("pip3 install")).get(0);
        ExecResult r = server.exec(command, COMMAND);
        if (r.exitCode() != 0 && r.stderr().contains("externally-managed-environment")) {
            // Newer releases (PEP 668) refuse what Ubuntu 22.04 allowed: the lab breaks there. Say so, and go
            // on with the closest faithful equivalent: the same packages, for the same user.
            ExecResult os = server.exec(". /etc/os-release && echo \"$PRETTY_NAME\"", Duration.ofSeconds(10));
            note(report, "lab difference", "on " + os.stdout().trim() + " '" + command + "' fails with"
                    + " externally-managed-environment (PEP 668); the lab, written for Ubuntu 22.04, breaks on this"
                    + " release. Continued with: " + command + " --user --break-system-packages");
            r = server.exec(command + " --user --break-system-packages", COMMAND);
        }
        assertEquals(0, r.exitCode(), command + " -> " + r);
        ExecResult substitute = server.exec("test -f /etc/pip.conf && grep -h '^find-links' /etc/pip.conf", Duration.ofSeconds(10));
        if (substitute.exitCode() == 0) {
            note(report, "substitute", "PyPI is unreachable: pip installed from a local wheel directory built"
                    + " from Debian's packages (" + substitute.stdout().trim() + "), not from PyPI");
        }
        ExecResult versions = server.exec("python3 -c 'import fastapi, uvicorn; print(fastapi.__version__, uvicorn.__version__)'",
                Duration.ofSeconds(30));
        assertEquals(0, versions.exitCode(), "fastapi and uvicorn import: " + versions);
        note(report, "installed", "fastapi " + versions.stdout().trim().replace(" ", ", uvicorn "));
    }

    @Test
    @Order(8)
    @DisplayName("8. write main.py (vi main.py) with the document's app")
    void writeApp() throws IOException {
        String app = lab.codeBlock("python", c -> c.contains("FastAPI()")).orElseThrow().content();
        server.upload(app.getBytes(StandardCharsets.UTF_8), "main.py", 0644, Duration.ofSeconds(10));
        ExecResult check = server.exec("python3 -c 'import ast,sys; ast.parse(open(\"main.py\").read())' && cat main.py",
                Duration.ofSeconds(10));
        assertEquals(0, check.exitCode(), check.toString());
        assertEquals(app, check.stdout());
    }

    @Test
    @Order(9)
    @DisplayName("9. python3 -m uvicorn main:app --host 0.0.0.0 (port 8000 by default)")
    void runApp() throws IOException {
        String command = shellCommands(c -> c.contains("uvicorn main:app")).get(0);
        // The document runs it in the foreground of its terminal; here it must outlive the command.
        ExecResult start = server.exec("nohup " + command + " > uvicorn.log 2>&1 < /dev/null &", Duration.ofSeconds(10));
        assertEquals(0, start.exitCode(), start.toString());
        await("uvicorn to listen on 0.0.0.0:8000").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> server.exec("ss -ltn 'sport = :8000'", Duration.ofSeconds(10)).stdout(),
                        out -> out.contains("0.0.0.0:8000"));
    }

    @Test
    @Order(10)
    @DisplayName("10. browse http://<public IP>:8000/ from outside: no connection yet (only SSH is allowed)")
    void unreachableBeforeTheRule() {
        long t0 = System.nanoTime();
        assertThrows(HttpConnectTimeoutException.class, () -> browse("/"),
                "a security group without the rule drops the connection: the browser times out");
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(Duration.ofMillis(2900).toNanos());
    }

    @Test
    @Order(11)
    @DisplayName("11. inbound rule 'All traffic', then the browser shows {\"Hello\":\"World\"}")
    void reachableAfterTheRule(Ec2Client ec2) throws Exception {
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(IpPermission.builder()
                .ipProtocol("-1").ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build()).build()));
        HttpResponse<String> page = browse("/");
        assertEquals(200, page.statusCode());
        String expected = lab.codeBlocks().stream().map(LabDocument.CodeBlock::content).map(String::trim)
                .filter(c -> c.startsWith("{\"Hello\"")).findFirst().orElseThrow();
        assertEquals(expected, page.body(), "exactly what the document shows");
    }

    /** A fact for the report: a JUnit report entry, and a line in the test's output (kept in Surefire's XML). */
    private static void note(TestReporter report, String key, String value) {
        report.publishEntry(key, value);
        System.out.println("[" + key + "] " + value);
    }

    private HttpResponse<String> browse(String path) throws IOException, InterruptedException {
        return BROWSER.send(HttpRequest.newBuilder(URI.create("http://" + publicIp + ":8000" + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private Instance describe(Ec2Client ec2) {
        return ec2.describeInstances(r -> r.instanceIds(instanceId)).reservations().get(0).instances().get(0);
    }

    /** The document's shell commands from the first bash block that matches, prompts and comments removed. */
    private List<String> shellCommands(java.util.function.Predicate<String> block) {
        String content = lab.codeBlock("bash", block).orElseThrow(() -> new AssertionError(
                "the document has no bash block for this step")).content();
        return content.lines().map(String::strip).filter(l -> l.startsWith("$ ")).map(l -> l.substring(2).strip())
                .toList();
    }
}

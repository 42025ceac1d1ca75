package io.labcheck.scenarios.ec2fastapi;

import io.labcheck.cloud.Cloud;
import io.labcheck.cloud.HostKind;
import io.labcheck.host.ContainerHosts;
import io.labcheck.junit.LabCloud;
import io.labcheck.junit.LabSteps;
import io.labcheck.scenarios.StepReport;
import io.labcheck.ssh.ExecResult;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.IpPermission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Seed 001, the EC2 chapter: an Ubuntu server on EC2 with a FastAPI app under uvicorn, reached from a
 * browser. One test per step of the document, in its order, each checking the end state it leaves.
 */
@LabCloud(hosts = HostKind.CONTAINER)
@LabSteps
@DisplayName("ec2-fastapi: FastAPI on an EC2 Ubuntu server (seed 001)")
class Ec2FastApiScenario {
    private static final HttpClient BROWSER = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();

    private Ec2FastApiLab lab;
    private long launchedAt;

    /** Where the run ran, for the results' tier: this lab's instances are containers. */
    @BeforeAll
    void tier(Cloud cloud, TestReporter reporter) {
        reporter.publishEntry(Map.of("cloud provider", cloud.provider().id(), "host kind", "container"));
    }

    @AfterAll
    void leave() throws IOException {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    @Order(1)
    @DisplayName("1. create key pair my_app (RSA, .pem) and keep my_app.pem at mode 400")
    void keyPair(Cloud cloud, TestReporter reporter) throws IOException {
        lab = new Ec2FastApiLab(cloud);
        new StepReport(reporter).section(lab.sectionOf("CreateKeyPair")).runsOn("cloud")
                .command("CreateKeyPair KeyName=my_app KeyType=rsa; chmod 400 my_app.pem");
        lab.createKeyPair();
        assertEquals(Set.of(PosixFilePermission.OWNER_READ), Files.getPosixFilePermissions(lab.pem));
        assertThat(Files.readString(lab.pem)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    }

    @Test
    @Order(2)
    @DisplayName("2. security group: SSH (22) open to all addresses, as the launch wizard makes it")
    void securityGroup(Ec2Client ec2, TestReporter reporter) {
        new StepReport(reporter).section(lab.sectionOf("RunInstances")).runsOn("cloud")
                .command("CreateSecurityGroup launch-wizard-1; AuthorizeSecurityGroupIngress tcp 22 0.0.0.0/0");
        lab.createSecurityGroup();
        var rules = ec2.describeSecurityGroups(r -> r.groupIds(lab.groupId)).securityGroups().get(0).ipPermissions();
        assertThat(rules).extracting(IpPermission::fromPort).containsExactly(22);
    }

    @Test
    @Order(3)
    @DisplayName("3. launch my_app: t2.micro, Ubuntu 22.04 LTS x86_64, ap-northeast-2, 8 GB")
    void launch(Cloud cloud, Ec2Client ec2, TestReporter reporter) {
        new StepReport(reporter).section(lab.sectionOf("RunInstances")).runsOn("cloud")
                .command("RunInstances ImageId=<Ubuntu 22.04> InstanceType=t2.micro KeyName=my_app");
        assertEquals("ap-northeast-2", cloud.region());
        launchedAt = System.nanoTime();
        lab.launch();
        var volumes = ec2.describeVolumes(r -> r.filters(f -> f.name("attachment.instance-id").values(lab.instanceId)))
                .volumes();
        assertEquals(8, volumes.get(0).size(), "the default 8 GB disk");
        assertEquals("t2.micro", lab.describe().instanceTypeAsString());
    }

    @Test
    @Order(4)
    @DisplayName("4. wait until the instance is running")
    void running(ContainerHosts hosts, TestReporter reporter) {
        StepReport step = new StepReport(reporter).section(lab.sectionOf("RunInstances")).runsOn("cloud")
                .command("DescribeInstances (until State=running)");
        lab.awaitRunning();
        assertThat(lab.publicIp).isNotBlank();
        step.note("host image", hosts.image().describe()).output("public IP " + lab.publicIp);
    }

    @Test
    @Order(5)
    @DisplayName("5. ssh -i my_app.pem ubuntu@<public IP>")
    void sshIn(TestReporter reporter) throws Exception {
        StepReport step = new StepReport(reporter).section(lab.sectionOf("ssh -i")).runsOn("workstation")
                .command("ssh -i my_app.pem ubuntu@" + lab.publicIp);
        lab.sshIn();
        step.note("RunInstances to first SSH login", String.format("%.2f s", (System.nanoTime() - launchedAt) / 1e9));
        ExecResult whoami = lab.server.exec("whoami", Duration.ofSeconds(10));
        step.ran("whoami", whoami);
        assertEquals(0, whoami.exitCode(), whoami.toString());
        assertEquals("ubuntu", whoami.stdout().strip());
    }

    @Test
    @Order(6)
    @DisplayName("6. install pip and make python/pip point at python3/pip3 (update-alternatives)")
    void installPython(TestReporter reporter) throws IOException {
        StepReport step = new StepReport(reporter).section(lab.sectionOf("update-alternatives")).runsOn("server");
        assertThat(lab.installCommands()).as("the document's install block").hasSize(4);
        for (String command : lab.installCommands()) {
            ExecResult r = lab.server.exec(command, Ec2FastApiLab.COMMAND);
            step.ran(command, r);
            assertEquals(0, r.exitCode(), command + " -> " + r);
        }
        ExecResult python = lab.server.exec("python --version && pip --version", Duration.ofSeconds(30));
        assertEquals(0, python.exitCode(), python.toString());
        assertThat(python.stdout()).startsWith("Python 3.").contains("(python 3.");
    }

    @Test
    @Order(7)
    @DisplayName("7. pip3 install fastapi \"uvicorn[standard]\"")
    void installFastApi(TestReporter reporter) throws IOException {
        StepReport step = new StepReport(reporter).section(lab.sectionOf("pip3 install")).runsOn("server");
        ExecResult r = lab.pipInstall(difference -> step.note("lab difference", difference));
        step.ran(lab.pipInstallCommand(), r);
        assertEquals(0, r.exitCode(), lab.pipInstallCommand() + " -> " + r);
        ExecResult substitute = lab.server.exec("grep -h '^find-links' /etc/pip.conf", Duration.ofSeconds(10));
        if (substitute.exitCode() == 0) {
            step.note("substitute", "PyPI is unreachable: pip installed from a local wheel directory built"
                    + " from Debian's packages (" + substitute.stdout().strip() + "), not from PyPI");
        }
        ExecResult versions = lab.server.exec(
                "python3 -c 'import fastapi, uvicorn; print(fastapi.__version__, uvicorn.__version__)'", Duration.ofSeconds(30));
        assertEquals(0, versions.exitCode(), "fastapi and uvicorn import: " + versions);
        step.note("installed", "fastapi " + versions.stdout().strip().replace(" ", ", uvicorn "));
    }

    @Test
    @Order(8)
    @DisplayName("8. write main.py (vi main.py) with the document's app")
    void writeApp(TestReporter reporter) throws IOException {
        StepReport step = new StepReport(reporter).section(lab.sectionOf("main.py")).runsOn("server")
                .command("vi main.py");
        lab.writeApp();
        ExecResult check = lab.server.exec("python3 -c 'import ast; ast.parse(open(\"main.py\").read())' && cat main.py",
                Duration.ofSeconds(10));
        step.ran("python3 -c 'import ast; ...' && cat main.py", check);
        assertEquals(0, check.exitCode(), check.toString());
        assertEquals(lab.app(), check.stdout());
    }

    @Test
    @Order(9)
    @DisplayName("9. python3 -m uvicorn main:app --host 0.0.0.0 (port 8000 by default)")
    void runApp(TestReporter reporter) throws IOException {
        StepReport step = new StepReport(reporter).section(lab.sectionOf("uvicorn main:app")).runsOn("server")
                .command(lab.runCommand());
        String listening = lab.runApp();
        String log = lab.appLog();
        step.note("listening on :8000", listening.isEmpty() ? "(nothing)" : listening).output(log);
        if (!listening.contains("0.0.0.0:8000")) {
            fail(listening.isEmpty()
                    ? "nothing listens on port 8000: uvicorn ended; its log ends: " + lastLine(log)
                    : "the app listens on " + localAddress(listening) + ", not on 0.0.0.0:8000: a browser"
                            + " outside the server cannot reach it (ss -ltn)");
        }
    }

    @Test
    @Order(10)
    @DisplayName("10. browse http://<public IP>:8000/ from outside: no connection yet (only SSH is allowed)")
    void unreachableBeforeTheRule(TestReporter reporter) {
        StepReport step = new StepReport(reporter).section(lab.sectionOf("open http")).runsOn("browser")
                .command("open http://" + lab.publicIp + ":8000/");
        long t0 = System.nanoTime();
        HttpConnectTimeoutException timeout = assertThrows(HttpConnectTimeoutException.class, () -> browse("/"),
                "a security group without the rule drops the connection: the browser times out");
        long took = System.nanoTime() - t0;
        step.output(String.format("%s after %.1f s", timeout.getMessage(), took / 1e9));
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(2900).toNanos());
    }

    @Test
    @Order(11)
    @DisplayName("11. inbound rule 'All traffic', then the browser shows {\"Hello\":\"World\"}")
    void reachableAfterTheRule(TestReporter reporter) throws Exception {
        StepReport step = new StepReport(reporter).section(lab.sectionOf("AuthorizeSecurityGroupIngress")).runsOn("cloud")
                .command("AuthorizeSecurityGroupIngress IpProtocol=-1 CidrIp=0.0.0.0/0")
                .command("open http://" + lab.publicIp + ":8000/");
        lab.allowAllTraffic();
        HttpResponse<String> page = browse("/");
        step.httpStatus(page.statusCode()).output(page.body());
        assertEquals(200, page.statusCode());
        assertEquals(lab.expectedPage(), page.body(), "exactly what the document shows");
    }

    /** The local address column of {@code ss -Hltn}'s first line (state, recv-q, send-q, local, peer). */
    private static String localAddress(String ss) {
        String[] columns = ss.strip().lines().findFirst().orElse("").split("\\s+");
        return columns.length >= 4 ? columns[3] : ss.strip();
    }

    private static String lastLine(String text) {
        return text.strip().lines().reduce((a, b) -> b).orElse("(empty)");
    }

    private HttpResponse<String> browse(String path) throws IOException, InterruptedException {
        return BROWSER.send(HttpRequest.newBuilder(URI.create("http://" + lab.publicIp + ":8000" + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}

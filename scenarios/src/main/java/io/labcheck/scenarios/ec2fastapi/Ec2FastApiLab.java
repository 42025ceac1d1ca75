package io.labcheck.scenarios.ec2fastapi;

import io.labcheck.cloud.Cloud;
import io.labcheck.fault.Deployment;
import io.labcheck.host.ContainerHosts;
import io.labcheck.lab.LabDocument;
import io.labcheck.lab.LabPlan;
import io.labcheck.scenarios.Catalog;
import io.labcheck.ssh.ExecResult;
import io.labcheck.ssh.SshConnector;
import io.labcheck.ssh.SshFailure;
import io.labcheck.ssh.SshSession;
import io.labcheck.ssh.SshTarget;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.KeyType;
import software.amazon.awssdk.services.ec2.model.ResourceType;

import static org.awaitility.Awaitility.await;

/**
 * The steps of seed 001 as actions on a cloud, a workstation folder and the server: what the scenario
 * checks step by step, and what the chaos suite deploys before breaking it. Commands and the app come
 * from the document.
 */
final class Ec2FastApiLab implements AutoCloseable {
    static final Duration COMMAND = Duration.ofMinutes(3);
    static final String APP_LOG = "uvicorn.log";

    final LabDocument document = Catalog.document(Catalog.EC2_FASTAPI);
    private final LabPlan plan = LabPlan.read(document.path());
    final Path workstation;
    final SshConnector ssh = new SshConnector();
    private final Cloud cloud;
    Path pem;
    String groupId;
    String instanceId;
    String publicIp;
    SshSession server;

    Ec2FastApiLab(Cloud cloud) throws IOException {
        this.cloud = cloud;
        this.workstation = Files.createTempDirectory("labcheck-workstation-");
    }

    Ec2Client ec2() {
        return cloud.ec2();
    }

    void createKeyPair() throws IOException {
        var key = ec2().createKeyPair(r -> r.keyName("my_app").keyType(KeyType.RSA));
        pem = workstation.resolve("my_app.pem");
        Files.writeString(pem, key.keyMaterial() + "\n", StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(pem, PosixFilePermissions.fromString("r--------"));
    }

    /** The launch wizard's group: SSH from anywhere. */
    void createSecurityGroup() {
        groupId = ec2().createSecurityGroup(r -> r.groupName("launch-wizard-1").description("launch-wizard-1")).groupId();
        ec2().authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(IpPermission.builder()
                .ipProtocol("tcp").fromPort(22).toPort(22).ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build())
                .build()));
    }

    void launch() {
        instanceId = ec2().runInstances(r -> r.imageId(cloud.ubuntu2204ImageId()).instanceType("t2.micro")
                        .keyName("my_app").securityGroupIds(groupId).minCount(1).maxCount(1)
                        .tagSpecifications(t -> t.resourceType(ResourceType.INSTANCE).tags(n -> n.key("Name").value("my_app"))))
                .instances().get(0).instanceId();
    }

    void awaitRunning() {
        await("my_app to be running").atMost(Duration.ofMinutes(5)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(100)).until(() -> describe().state().name() == InstanceStateName.RUNNING);
        publicIp = describe().publicIpAddress();
    }

    void sshIn() throws SshFailure {
        server = ssh.connect(SshTarget.ubuntu(publicIp, pem), Duration.ofSeconds(10));
    }

    List<String> installCommands() {
        return shellCommands(c -> c.contains("update-alternatives"));
    }

    String pipInstallCommand() {
        return shellCommands(c -> c.contains("pip3 install")).get(0);
    }

    /**
     * Runs the lab's pip command; where a newer release refuses it (PEP 668), tells {@code difference}
     * and goes on with the closest equivalent: the same packages for the same user.
     */
    ExecResult pipInstall(Consumer<String> difference) throws IOException {
        String command = pipInstallCommand();
        ExecResult r = server.exec(command, COMMAND);
        if (r.exitCode() != 0 && r.stderr().contains("externally-managed-environment")) {
            ExecResult os = server.exec(". /etc/os-release && echo \"$PRETTY_NAME\"", Duration.ofSeconds(10));
            difference.accept("on " + os.stdout().strip() + " '" + command + "' fails with externally-managed-environment"
                    + " (PEP 668): the lab, written for Ubuntu 22.04, breaks on this release. Continued with: "
                    + command + " --user --break-system-packages");
            r = server.exec(command + " --user --break-system-packages", COMMAND);
        }
        return r;
    }

    String app() {
        return document.codeBlock("python", c -> c.contains("FastAPI()")).orElseThrow().content();
    }

    void writeApp() throws IOException {
        server.upload(app().getBytes(StandardCharsets.UTF_8), "main.py", 0644, Duration.ofSeconds(10));
    }

    String runCommand() {
        return shellCommands(c -> c.contains("uvicorn main:app")).get(0);
    }

    /** The lab's run command, kept running after the terminal closes (the document runs it in the foreground). */
    String backgroundRunCommand() {
        return "cd ~ && { nohup " + runCommand() + " > " + APP_LOG + " 2>&1 < /dev/null & }";
    }

    /**
     * Starts the lab's run command in the background and waits until something listens on port 8000 or
     * the process has ended; returns what {@code ss} shows listening there (empty when nothing does).
     */
    String runApp() throws IOException {
        server.exec(backgroundRunCommand(), Duration.ofSeconds(10));
        String listening = "ss -Hltn 'sport = :8000'";
        String alive = "pgrep -f 'uvicorn main:app' >/dev/null && echo alive";
        return await("uvicorn to listen on port 8000 or exit").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    String ss = server.exec(listening, Duration.ofSeconds(10)).stdout().strip();
                    boolean running = server.exec(alive, Duration.ofSeconds(10)).stdout().contains("alive");
                    return ss.isEmpty() && running ? null : ss;
                }, java.util.Objects::nonNull);
    }

    /** The last lines uvicorn wrote (its log file on the server). */
    String appLog() throws IOException {
        return server.exec("tail -n 20 ~/" + APP_LOG, Duration.ofSeconds(10)).stdout();
    }

    /** The document section (and line) of the first step of the plan whose summary mentions {@code text}. */
    String sectionOf(String text) {
        return plan.steps().stream().filter(step -> step.summary().contains(text)).findFirst()
                .map(step -> step.section() + " (line " + step.at().line() + ")").orElse(null);
    }

    /** The rule the document adds once the browser cannot connect: all traffic from anywhere. */
    void allowAllTraffic() {
        ec2().authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(IpPermission.builder()
                .ipProtocol("-1").ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build()).build()));
    }

    /** What the document shows in the browser at the end. */
    String expectedPage() {
        return document.codeBlocks().stream().map(LabDocument.CodeBlock::content).map(String::trim)
                .filter(c -> c.startsWith("{\"Hello\"")).findFirst().orElseThrow();
    }

    /** Every step, for the chaos suite's healthy baseline. */
    Deployment deployAll(ContainerHosts hosts) throws IOException, SshFailure {
        createKeyPair();
        createSecurityGroup();
        launch();
        awaitRunning();
        sshIn();
        for (String c : installCommands()) {
            require(server.exec(c, COMMAND), c);
        }
        require(pipInstall(d -> { }), pipInstallCommand());
        writeApp();
        String listening = runApp();
        if (!listening.contains("0.0.0.0:8000")) {
            throw new IllegalStateException("uvicorn does not listen on 0.0.0.0:8000: ss shows '" + listening
                    + "'; its log: " + appLog());
        }
        allowAllTraffic();
        return deployment(hosts);
    }

    Deployment deployment(ContainerHosts hosts) {
        return new Deployment(ec2(), instanceId, pem, "ubuntu", 8000, backgroundRunCommand(), "uvicorn main:app", hosts);
    }

    private static void require(ExecResult r, String command) {
        if (r.exitCode() != 0) {
            throw new IllegalStateException(command + " failed: " + r);
        }
    }

    Instance describe() {
        return ec2().describeInstances(r -> r.instanceIds(instanceId)).reservations().get(0).instances().get(0);
    }

    /** The document's shell commands from the first bash block that matches, prompts and comments removed. */
    List<String> shellCommands(Predicate<String> block) {
        String content = document.codeBlock("bash", block).orElseThrow(() -> new AssertionError(
                "the document has no bash block for this step")).content();
        return content.lines().map(String::strip).filter(l -> l.startsWith("$ ")).map(l -> l.substring(2).strip())
                .toList();
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            server.close();
        }
        ssh.close();
        try (var files = Files.walk(workstation)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}

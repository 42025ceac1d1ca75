package io.labcheck.scenarios.labs;

import io.labcheck.cloud.Cloud;
import io.labcheck.cloud.HostKind;
import io.labcheck.diagnose.Diagnosis;
import io.labcheck.diagnose.Finding;
import io.labcheck.diagnose.Subject;
import io.labcheck.junit.LabCloud;
import io.labcheck.lab.LabStep;
import io.labcheck.run.LabRun;
import io.labcheck.run.RunSettings;
import io.labcheck.run.RunnableLab;
import io.labcheck.run.RunningApp;
import io.labcheck.run.StepResult;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestReporter;

import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The catalogue's faults made by hand, as a student makes them, on the fastapi-nohup lab deployed from its own
 * document: commands typed over SSH, {@code chmod} on the laptop's key file, the cloud API calls a student makes
 * with the CLI ({@code revoke-security-group-ingress}, {@code stop-instances}, {@code allocate-address}). None of
 * the project's fault injectors is used. Each test breaks the deployment, shows that it is broken the way the
 * student would see it, requires the blind diagnosis to name exactly that fault, repairs it by hand, shows it
 * repaired, and requires a diagnosis with no findings. What a test broke is repaired after it even when it fails
 * half-way, so the next test starts from a healthy deployment (checked, when the last test did not prove it).
 */
@LabCloud(hosts = HostKind.CONTAINER)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("faults made by hand on the fastapi-nohup lab, named by the blind diagnosis")
class HandMadeFaultsScenario {
    private static final String LAB = "fastapi-nohup";
    /** What a started app, a freed port or a settled process is given, on a machine other tests may load. */
    private static final Duration SETTLE = Duration.ofSeconds(30);
    /** A stop or a start of the instance: a container's stop grace, then systemd's boot and sshd. */
    private static final Duration STATE = Duration.ofMinutes(3);
    private static final Duration POLL = Duration.ofMillis(500);

    /** Something a test broke, and how the student puts it back. */
    private record Repair(String what, Step how) {}

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    private LabRun run;
    private RunningApp app;
    private Ec2Client ec2;
    private Subject subject;
    private Diagnosis diagnosis;
    private Student student;
    private TestReporter reporter;
    private final Deque<Repair> repairs = new ArrayDeque<>();
    /** The last diagnosis found nothing, and nothing has been broken since. */
    private boolean provedHealthy;

    @BeforeAll
    void deploy(Cloud cloud, TestReporter classReporter) throws IOException {
        classReporter.publishEntry("lab id", LAB + "-by-hand");
        RunnableLab lab = new Labs().labs().stream().filter(l -> l.id().equals(LAB)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the project lab " + LAB + " is not in the build"));
        ec2 = cloud.ec2();
        run = new LabRun(lab.plan().get(), lab.sidecar().get(), cloud, RunSettings.defaults());
        for (LabStep step : run.plan().steps()) {
            StepResult r = run.execute(step);
            assertThat(r.status()).as("step %d (%s) of %s: %s", step.number(), step.name(), LAB, r.reason())
                    .isIn(StepResult.Status.PASSED, StepResult.Status.NOT_RUNNABLE);
        }
        assertThat(run.firstFailure()).as("a step of " + LAB + " that failed").isEmpty();
        app = run.app().orElseThrow(() -> new AssertionError(LAB + " left no app listening"));
        assertThat(app.unit()).as("the app is started by nohup, not a unit").isEmpty();
        assertThat(app.venv()).as("the app is started in its venv").isNotEmpty();
        assertThat(app.command()).as("the app's command").contains("--host 0.0.0.0");
        classReporter.publishEntry("deployment", "app on port " + app.port() + " in " + app.cwd() + ", venv " + app.venv()
                + ": " + app.command());
        student = new Student(run.keyFile(), run.loginUser());
        subject = new Subject(ec2, run.instanceId(), run.keyFile(), run.loginUser(), app.port(), startInVenv(),
                app.command(), run.sections());
        diagnosis = new Diagnosis();
        reporter = classReporter;
        expectHealthy("the lab's deployment, before anything is broken");
    }

    @BeforeEach
    void startsHealthy(TestReporter testReporter) {
        reporter = testReporter;
        if (!provedHealthy) {
            expectHealthy("before this test (an earlier one did not prove the deployment healthy again)");
        }
        provedHealthy = false;
    }

    /** What a test broke and did not repair itself (it failed half-way) is repaired now, newest first. */
    @AfterEach
    void repairWhatIsLeft() {
        repairNow();
    }

    @AfterAll
    void release() {
        try {
            if (diagnosis != null) {
                diagnosis.close();
            }
        } finally {
            if (run != null) {
                run.close(); // the cloud's own extension removes the instance's container after this
            }
        }
    }

    // --- the faults ---------------------------------------------------------------------------------------

    @Test
    @Order(1)
    @DisplayName("key-permissions: chmod 644 on the key file")
    void keyPermissions() {
        repairLater("chmod 400 on the key file", () -> typed(student.chmodKey("400")));
        typed(student.chmodKey("644"));

        Student.Typed ssh = see(student.ssh(publicIp(), "true"));
        assertThat(ssh.exit()).as(ssh.toString()).isEqualTo(255);
        assertThat(ssh.output()).as(ssh.toString()).contains("UNPROTECTED PRIVATE KEY FILE").contains("are too open");

        expectExactly("key-permissions");
        repairNow();
        logsIn();
        expectHealthy("after chmod 400");
    }

    @Test
    @Order(2)
    @DisplayName("ssh-port-closed: revoke-security-group-ingress on port 22")
    void sshPortClosed() {
        revoke(22);

        Student.Typed ssh = see(student.ssh(publicIp(), "true"));
        assertThat(ssh.exit()).as(ssh.toString()).isEqualTo(255);
        assertThat(ssh.output()).as(ssh.toString()).containsIgnoringCase("timed out");
        Student.Typed curl = see(student.curl(appUrl()));
        assertThat(curl.exit()).as("the app still answers: only SSH is closed; " + curl).isZero();

        expectExactly("ssh-port-closed");
        repairNow();
        logsIn();
        expectHealthy("after authorize-security-group-ingress on port 22");
    }

    @Test
    @Order(3)
    @DisplayName("app-port-closed: revoke-security-group-ingress on the app's port")
    void appPortClosed() {
        revoke(app.port());

        Student.Typed curl = see(student.curl(appUrl()));
        assertThat(curl.exit()).as("curl's exit 28 is a timeout: " + curl).isEqualTo(28);
        Student.Typed inside = see(onServer("curl -sS " + localUrl()));
        assertThat(inside.exit()).as("on the server the app still answers: " + inside).isZero();

        expectExactly("app-port-closed");
        repairNow();
        answersFromOutside();
        expectHealthy("after authorize-security-group-ingress on port " + app.port());
    }

    @Test
    @Order(4)
    @DisplayName("loopback-bind: the app restarted with --host 127.0.0.1")
    void loopbackBind() {
        repairByStartingInVenv();
        stopApp();
        typed(onServer(startInVenv().replace("--host 0.0.0.0", "--host 127.0.0.1")));
        await("the app listening again, on 127.0.0.1:" + app.port()).atMost(SETTLE).pollInterval(POLL)
                .untilAsserted(() -> assertThat(listeners()).contains("127.0.0.1:" + app.port()));

        Student.Typed ss = see(onServer(ss()));
        assertThat(ss.output()).as(ss.toString()).contains("127.0.0.1:" + app.port())
                .doesNotContain("0.0.0.0:" + app.port()).doesNotContain("*:" + app.port());
        refusedFromOutside();
        Student.Typed inside = see(onServer("curl -sS " + localUrl()));
        assertThat(inside.exit()).as("on the server the app answers: " + inside).isZero();

        expectExactly("loopback-bind");
        repairNow();
        expectHealthy("after restarting the app with --host 0.0.0.0");
    }

    @Test
    @Order(5)
    @DisplayName("app-not-running: the app killed")
    void appNotRunning() {
        repairByStartingInVenv();
        stopApp();

        nothingListens();
        refusedFromOutside();

        expectExactly("app-not-running");
        repairNow();
        expectHealthy("after starting the app again");
    }

    @Test
    @Order(6)
    @DisplayName("venv-inactive: the app started in a new terminal, without its venv")
    void venvInactive() {
        repairByStartingInVenv();
        stopApp();
        // a new terminal: a fresh SSH session, no venv activated; the lab's command, as typed in step 4
        typed(onServer("cd " + app.cwd() + " && " + nohup(app.command(), "app.log")));
        await("the app's log saying why it did not start").atMost(SETTLE).pollInterval(POLL)
                .untilAsserted(() -> assertThat(onServer("cat " + app.cwd() + "/app.log").output()).contains("No module named"));

        Student.Typed python = see(onServer("which python3"));
        assertThat(python.output().strip()).as(python.toString()).isEqualTo("/usr/bin/python3");
        Student.Typed log = see(onServer("tail -n 3 " + app.cwd() + "/app.log"));
        assertThat(log.output()).as(log.toString()).contains("No module named");
        nothingListens();
        refusedFromOutside();

        expectExactly("venv-inactive");
        repairNow();
        expectHealthy("after starting the app in its venv");
    }

    @Test
    @Order(7)
    @DisplayName("out-of-memory: a python3 memory hog takes most of the instance's memory")
    void outOfMemory() {
        long[] before = memory();
        long take = (long) (before[0] * 0.85) - before[1];
        assertThat(take).as("memory to take (limit, used: %s)", List.of(before[0], before[1])).isPositive();
        // sleep 600: a hog a crashed test leaves behind ends by itself
        Student.Typed hog = typed(onServer(nohup("python3 -c 'b = bytearray(" + take + "); import time; time.sleep(600)'",
                "/dev/null") + "; echo $!"));
        String pid = hog.output().strip();
        assertThat(pid).as(hog.toString()).matches("[0-9]+");
        repairLater("kill " + pid + " (the hog)", () -> {
            onServer("kill " + pid);
            await("memory given back after kill " + pid).atMost(SETTLE).pollInterval(POLL)
                    .untilAsserted(() -> assertThat(fraction(memory())).isLessThan(0.5));
        });
        await("the hog holding its " + (take >> 20) + " MiB").atMost(Duration.ofSeconds(Math.max(30, (take >> 20) / 20)))
                .pollInterval(POLL).untilAsserted(() -> assertThat(fraction(memory())).isGreaterThanOrEqualTo(0.8));

        long[] now = memory();
        see(new Student.Typed("memory of the instance (cgroup limit and anonymous memory)", 0,
                (now[1] >> 20) + " MiB of " + (now[0] >> 20) + " MiB used"));
        Student.Typed ps = see(onServer("ps -o rss=,args= -p " + pid));
        assertThat(ps.output()).as(ps.toString()).contains("bytearray");
        assertThat(Long.parseLong(ps.output().strip().split("\\s+")[0]) << 10).as(ps.toString())
                .isGreaterThanOrEqualTo(take * 9 / 10);

        expectExactly("out-of-memory");
        repairNow();
        Student.Typed gone = see(onServer("kill -0 " + pid));
        assertThat(gone.exit()).as("the hog is gone: " + gone).isNotZero();
        expectHealthy("after killing the hog");
    }

    @Test
    @Order(8)
    @DisplayName("eip-unassociated: allocate-address, never associated")
    void eipUnassociated() {
        String id = ec2.allocateAddress(r -> r.domain(DomainType.VPC)).allocationId();
        repairLater("release-address " + id, () -> ec2.releaseAddress(r -> r.allocationId(id)));

        Address a = addresses().stream().filter(x -> x.allocationId().equals(id)).findFirst().orElseThrow();
        see(new Student.Typed("aws ec2 describe-addresses", 0, a.publicIp() + " " + id + " association " + a.associationId()
                + ", instance " + a.instanceId()));
        assertThat(a.associationId()).as("associated").isNull();
        assertThat(a.instanceId()).as("on an instance").isNull();

        expectExactly("eip-unassociated");
        repairNow();
        assertThat(addresses()).as("describe-addresses after release-address").extracting(Address::allocationId)
                .doesNotContain(id);
        expectHealthy("after release-address");
    }

    @Test
    @Order(9)
    @DisplayName("instance-stopped: stop-instances (started again after)")
    void instanceStopped() {
        String seen = publicIp();
        repairLater("start-instances, then the app as the lab starts it", () -> {
            await("the instance stopped or running, to be started").atMost(STATE).pollInterval(POLL)
                    .until(() -> state() == InstanceStateName.STOPPED || state() == InstanceStateName.RUNNING);
            if (state() == InstanceStateName.STOPPED) {
                ec2.startInstances(r -> r.instanceIds(run.instanceId()));
            }
            await("the instance running, SSH answering").atMost(STATE).pollInterval(POLL).untilAsserted(() -> {
                assertThat(state()).isEqualTo(InstanceStateName.RUNNING);
                assertThat(student.ssh(publicIp(), "true").exit()).isZero();
            });
            typed(onServer(startInVenv())); // a process started with nohup does not survive a stop
            answersFromOutside();
        });
        ec2.stopInstances(r -> r.instanceIds(run.instanceId()));
        await("describe-instances showing the instance stopped").atMost(STATE).pollInterval(POLL)
                .until(() -> state() == InstanceStateName.STOPPED);

        Instance i = instance();
        see(new Student.Typed("aws ec2 describe-instances", 0, i.instanceId() + " " + i.state().nameAsString()
                + ", public IP " + i.publicIpAddress()));
        assertThat(i.publicIpAddress()).as("a stopped instance's public address").isNull();
        Student.Typed ssh = see(student.ssh(seen, "true"));
        assertThat(ssh.exit()).as("ssh to the address seen before the stop: " + ssh).isEqualTo(255);
        Student.Typed curl = see(student.curl("http://" + seen + ":" + app.port() + "/health"));
        assertThat(curl.ok()).as("curl to the address seen before the stop: " + curl).isFalse();

        expectExactly("instance-stopped");
        repairNow();
        expectHealthy("after start-instances and starting the app again");
    }

    // --- by hand ------------------------------------------------------------------------------------------

    /** The lab's own start command (its step 4), typed in the app's folder with its venv activated. */
    private String startInVenv() {
        return "cd " + app.cwd() + " && source " + app.venv() + "/bin/activate && " + nohup(app.command(), "app.log");
    }

    /**
     * {@code nohup COMMAND > LOG 2>&1 &}, as the lab runs it; stdin from /dev/null, as ssh with a command needs. In
     * braces: after {@code cd DIR && } a bare {@code &} would put the whole list in the background, in a shell
     * that keeps ssh's output open as long as the app runs.
     */
    private static String nohup(String command, String log) {
        return "{ nohup " + command + " > " + log + " 2>&1 < /dev/null & }";
    }

    /** The repair of a fault of the app's: it is stopped if it runs, started in its venv as step 4 does, and answers. */
    private void repairByStartingInVenv() {
        repairLater("start the app again in its venv, as the lab's step 4 does", () -> {
            stopApp();
            typed(onServer(startInVenv()));
            answersFromOutside();
        });
    }

    /** {@code ssh ... true} logs in. */
    private void logsIn() {
        Student.Typed ssh = see(student.ssh(publicIp(), "true"));
        assertThat(ssh.exit()).as(ssh.toString()).isZero();
    }

    /** {@code ss -ltn} on the server shows nothing on the app's port. */
    private void nothingListens() {
        Student.Typed ss = see(onServer(ss()));
        assertThat(ss.output()).as(ss.toString()).doesNotContain(":" + app.port());
    }

    /** curl from the laptop is refused (exit 7): the address answers, nothing listens there for it. */
    private void refusedFromOutside() {
        Student.Typed curl = see(student.curl(appUrl()));
        assertThat(curl.exit()).as("curl's exit 7 is a refused connection: " + curl).isEqualTo(7);
    }

    /** Kills the app as a student would ({@code pkill -f}), and waits (bounded) until nothing listens on its port. */
    private void stopApp() {
        // the app's program and arguments before its options; "[p]ython3 ..." so that it does not match the shell running it
        String program = app.command().split(" --")[0];
        onServer("pkill -f '[" + program.charAt(0) + "]" + program.substring(1) + "'");
        await("nothing listening on port " + app.port() + " after pkill").atMost(SETTLE).pollInterval(POLL)
                .untilAsserted(() -> assertThat(listeners()).isBlank());
    }

    private String ss() {
        return "ss -Hltn 'sport = :" + app.port() + "'";
    }

    private String listeners() {
        Student.Typed ss = onServer(ss());
        assertThat(ss.exit()).as(ss.toString()).isZero();
        return ss.output().strip();
    }

    /** Revokes the rules that admit {@code port} (as the CLI's revoke-security-group-ingress), repaired by authorizing them again. */
    private void revoke(int port) {
        Instance i = instance();
        List<Map.Entry<String, IpPermission>> admitting = new ArrayList<>();
        for (var g : ec2.describeSecurityGroups(r -> r.groupIds(i.securityGroups().stream().map(s -> s.groupId()).toList()))
                .securityGroups()) {
            for (IpPermission p : g.ipPermissions()) {
                if ("tcp".equals(p.ipProtocol()) && p.fromPort() <= port && port <= p.toPort()) {
                    admitting.add(Map.entry(g.groupId(), IpPermission.builder().ipProtocol("tcp").fromPort(p.fromPort())
                            .toPort(p.toPort()).ipRanges(p.ipRanges().stream().map(x -> IpRange.builder().cidrIp(x.cidrIp())
                                    .build()).toList()).build()));
                }
            }
        }
        assertThat(admitting).as("the security group's rules admitting port " + port).isNotEmpty();
        repairLater("authorize-security-group-ingress on port " + port + " again", () -> admitting.forEach(
                e -> ec2.authorizeSecurityGroupIngress(r -> r.groupId(e.getKey()).ipPermissions(e.getValue()))));
        for (var e : admitting) {
            ec2.revokeSecurityGroupIngress(r -> r.groupId(e.getKey()).ipPermissions(e.getValue()));
            see(new Student.Typed("aws ec2 revoke-security-group-ingress --group-id " + e.getKey() + " --protocol tcp --port "
                    + e.getValue().fromPort() + (e.getValue().fromPort().equals(e.getValue().toPort()) ? "" : "-"
                    + e.getValue().toPort()) + " --cidr " + e.getValue().ipRanges().stream().map(IpRange::cidrIp).toList(), 0, ""));
        }
    }

    /**
     * The instance's memory and what its processes hold, as {@code free}'s total and used on a VM of its type. On a
     * container host {@code free} shows the whole machine's memory (the host image's README), so they are read where
     * the instance's memory is: its cgroup's limit, and the anonymous memory charged to it.
     */
    private long[] memory() {
        Student.Typed m = onServer("if [ -r /sys/fs/cgroup/memory.max ]; then cat /sys/fs/cgroup/memory.max;"
                + " awk '/^anon /{print $2}' /sys/fs/cgroup/memory.stat; else cat /sys/fs/cgroup/memory/memory.limit_in_bytes;"
                + " awk '/^total_rss /{print $2}' /sys/fs/cgroup/memory/memory.stat; fi");
        String[] lines = m.output().strip().split("\\s+");
        assertThat(lines).as(m.toString()).hasSize(2);
        return new long[] {Long.parseLong(lines[0]), Long.parseLong(lines[1])};
    }

    private static double fraction(long[] memory) {
        return (double) memory[1] / memory[0];
    }

    /** The app answers from outside, as the lab's step 5 checks (bounded: a started app takes a moment). */
    private void answersFromOutside() {
        await("the app answering at " + appUrl()).atMost(SETTLE).pollInterval(POLL)
                .untilAsserted(() -> assertThat(student.curl(appUrl()).ok()).isTrue());
        see(student.curl(appUrl()));
    }

    private Student.Typed onServer(String command) {
        return student.ssh(publicIp(), command);
    }

    private Instance instance() {
        return ec2.describeInstances(r -> r.instanceIds(run.instanceId())).reservations().get(0).instances().get(0);
    }

    private InstanceStateName state() {
        return instance().state().name();
    }

    private String publicIp() {
        String ip = instance().publicIpAddress();
        assertThat(ip).as("the instance's public IP (describe-instances)").isNotNull();
        return ip;
    }

    private List<Address> addresses() {
        return ec2.describeAddresses().addresses();
    }

    private String appUrl() {
        return "http://" + publicIp() + ":" + app.port() + "/health";
    }

    private String localUrl() {
        return "http://127.0.0.1:" + app.port() + "/health";
    }

    /** A command that must succeed. */
    private Student.Typed typed(Student.Typed t) {
        see(t);
        assertThat(t.exit()).as(t.toString()).isZero();
        return t;
    }

    /** What the student saw, kept in the test's report. */
    private Student.Typed see(Student.Typed t) {
        reporter.publishEntry("check", t.toString());
        return t;
    }

    private void repairLater(String what, Step how) {
        repairs.push(new Repair(what, how));
    }

    /** Makes the repairs registered so far, newest first; all are tried, and the first failure is thrown with the rest. */
    private void repairNow() {
        AssertionError failed = null;
        while (!repairs.isEmpty()) {
            Repair r = repairs.pop();
            reporter.publishEntry("repair", r.what());
            try {
                r.how().run();
            } catch (Exception | AssertionError e) {
                AssertionError f = new AssertionError("the repair '" + r.what() + "' failed: " + e.getMessage(), e);
                if (failed == null) {
                    failed = f;
                } else {
                    failed.addSuppressed(f);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    // --- the diagnosis ------------------------------------------------------------------------------------

    private Diagnosis.Report diagnose(String when) {
        run.cloud().settle(); // a stand-in network catches up first: the diagnosis sees the server as it is now
        Diagnosis.Report report = diagnosis.run(subject);
        System.out.println("[hand-made] " + when + " -> " + report.codes() + " in " + report.took().toMillis() + " ms");
        report.findings().forEach(f -> System.out.println("  " + f.toString().replace("\n", "\n  ")));
        reporter.publishEntry("diagnosis", when + " -> " + report.codes() + " in " + report.took().toMillis() + " ms");
        return report;
    }

    /** The blind diagnosis names this fault and nothing else; a miss is the diagnosis's, and says what it saw. */
    private void expectExactly(String code) {
        Diagnosis.Report report = diagnose(code + " made by hand");
        assertThat(report.codes()).as("DIAGNOSIS MISSED THE HAND-MADE FAULT %s: it reported %s; evidence: %s", code,
                report.codes(), report.observations().evidence()).containsExactly(code);
        Finding f = report.findings().get(0);
        assertThat(f.fix()).as("the %s finding's fix", code).isNotBlank();
        assertThat(f.evidence()).as("the %s finding's evidence", code).isNotEmpty();
    }

    private void expectHealthy(String when) {
        Diagnosis.Report report = diagnose(when);
        // shown healthy: every probe answered and saw health, not merely no finding
        assertThat(report.verdict()).as("%s %s; evidence: %s", when, report.summary(), report.observations().evidence())
                .isEqualTo(Diagnosis.Verdict.HEALTHY);
        provedHealthy = true;
    }
}

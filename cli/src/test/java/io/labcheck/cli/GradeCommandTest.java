package io.labcheck.cli;

import io.labcheck.diagnose.LocalShell;
import io.labcheck.diagnose.Probe;
import io.labcheck.diagnose.ServerShell;
import io.labcheck.grade.EndState;
import io.labcheck.grade.Expectation;
import io.labcheck.grade.Grader;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import io.labcheck.diagnose.Rule;
import io.labcheck.fault.Deployment;
import io.labcheck.fault.Fault;
import io.labcheck.fault.FaultKind;
import io.labcheck.fault.Faults;
import io.labcheck.run.LabChaos;

import io.labcheck.cloud.Cloud;
import io.labcheck.cloud.HostKind;
import io.labcheck.host.ContainerHosts;
import io.labcheck.junit.LabCloud;
import io.labcheck.lab.LabStep;
import io.labcheck.run.LabRun;
import io.labcheck.run.RunSettings;
import io.labcheck.run.RunnableLab;
import io.labcheck.run.StepResult;
import io.labcheck.scenarios.labs.Labs;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code labcheck grade} on a lab a student finished: the project's fastapi-systemd lab, run from its document, is
 * graded full marks; with its service stopped by hand it loses exactly the points of what that breaks, the diagnosis
 * says why, and the server is left as grade found it.
 */
@LabCloud(hosts = HostKind.CONTAINER)
class GradeCommandTest {
    private static final String LAB = "fastapi-systemd";

    @Test
    void aFinishedLabScoresFullAndAStoppedServiceLosesItsPointsWithTheCause(Cloud cloud, ContainerHosts hosts,
                                                                           @TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        RunnableLab lab = new Labs().labs().stream().filter(l -> l.id().equals(LAB)).findFirst().orElseThrow();
        try (LabRun run = new LabRun(lab.plan().get(), lab.sidecar().get(), cloud, RunSettings.defaults())) {
            for (LabStep step : run.plan().steps()) {
                StepResult r = run.execute(step);
                assertThat(r.status()).as("step %d of %s: %s", step.number(), LAB, r.reason())
                        .isIn(StepResult.Status.PASSED, StepResult.Status.NOT_RUNNABLE);
            }
            String ip = run.publicIpSeen();
            String[] args = {"grade", LAB, "--host", ip, "--key", run.keyFile().toString(), "--endpoint",
                    cloud.endpoint().orElseThrow().toString(), "--region", cloud.region()};

            String before = DoctorCommandTest.serverState(hosts, run.instanceId());
            Cli.Outcome full = Cli.run(args);
            System.out.println(full.out());
            assertThat(full.exitCode()).as(full.all()).isZero();
            assertThat(full.out()).contains("[2/2] the notes service is enabled (it starts at boot) and active")
                    .contains("[1/1] ssh logs in with the key").containsPattern("score: (\\d+)/\\1\\b")
                    .contains("[2/2] the security group admits port 8000 from anywhere (0.0.0.0/0) (the cloud's API):"
                            + " port 8000 admitted from [0.0.0.0/0]")
                    .contains("[2/2] the security group admits port 22 from My IP (the cloud's API)")
                    .doesNotContain("why:").doesNotContain("not checked");
            DoctorCommandTest.awaitUnchanged(hosts, run.instanceId(), before, "a finished lab");

            // --local: the same grading from the server itself (through docker exec as ubuntu: the local shell's path)
            ServerShell onTheServer = new LocalShell(List.of("docker", "exec", "-u", "ubuntu", "-w", "/home/ubuntu",
                    "-e", "HOME=/home/ubuntu", hosts.host(run.instanceId()).orElseThrow().containerId(), "bash", "-c"), dir);
            List<Expectation> endState = EndState.of(run.plan());
            Grader.Scorecard here = Grader.gradeHere(endState, onTheServer, "ubuntu");
            assertThat(here.full()).as("%s", here.results()).isTrue();
            assertThat(here.notChecked()).extracting(n -> n.expectation().kind())
                    .containsExactlyInAnyOrder(Expectation.Kind.KEY_PROTECTED, Expectation.Kind.SSH_LOGIN,
                            Expectation.Kind.PORT_ADMITTED, Expectation.Kind.PORT_ADMITTED);
            assertThat(here.results()).filteredOn(r -> r.expectation().kind() == Expectation.Kind.APP_ANSWERS)
                    .isNotEmpty().allMatch(r -> r.seen().startsWith("curl http://127.0.0.1:8000") && r.seen().contains("HTTP 200"));
            DoctorCommandTest.awaitUnchanged(hosts, run.instanceId(), before, "a finished lab graded from the server");

            // broken by hand, as a student does: the service stopped (it stays enabled)
            hosts.execAsRoot(run.instanceId(), Duration.ofSeconds(30), "systemctl", "stop", "notes");
            Cli.Outcome partial = Cli.run(args);
            System.out.println(partial.out());
            assertThat(partial.exitCode()).as(partial.all()).isEqualTo(1);
            assertThat(partial.out()).contains("[1/2] the notes service is enabled (it starts at boot) and active:"
                            + " notes is enabled and inactive")
                    .contains("[0/2] the app listens on port 8000").contains("why: found: [app-not-running]")
                    .contains("fix: sudo systemctl restart notes");
            Grader.Scorecard hereBroken = Grader.gradeHere(endState, onTheServer, "ubuntu");
            assertThat(hereBroken.full()).isFalse();
            assertThat(hereBroken.diagnosis().findings()).extracting(f -> f.code()).containsExactly("app-not-running");
            assertThat(hereBroken.diagnosis().observations().probes()).filteredOn(p -> p.name().equals("the key file"))
                    .singleElement().satisfies(p -> assertThat(p.outcome()).isEqualTo(Probe.Outcome.SKIPPED));

            JsonNode json = new ObjectMapper().readTree(Cli.run(concat(args, "--json")).out());
            assertThat(json.get("earned").asInt()).isLessThan(json.get("points").asInt());
            assertThat(json.get("findings").get(0).get("code").asText()).isEqualTo("app-not-running");

            hosts.execAsRoot(run.instanceId(), Duration.ofSeconds(30), "systemctl", "start", "notes");
            narrowerThanTheDocument(run, args);
            await("the notes service to answer again").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Cli.run(args).exitCode() == 0);

            everyCatalogueFault(run, cloud, hosts);
            aClassAtOnce(run, cloud, dir);
        }
    }

    /**
     * Port 8000 admitted from one network only, where the document opens it to anywhere: half the points of that rule,
     * read from the API, and the reason; put back after.
     */
    private static void narrowerThanTheDocument(LabRun run, String[] args) {
        var ec2 = run.cloud().ec2();
        String group = ec2.describeInstances(r -> r.instanceIds(run.instanceId())).reservations().get(0).instances().get(0)
                .securityGroups().get(0).groupId();
        java.util.function.Function<String, software.amazon.awssdk.services.ec2.model.IpPermission> rule = cidr ->
                software.amazon.awssdk.services.ec2.model.IpPermission.builder().ipProtocol("tcp").fromPort(8000).toPort(8000)
                        .ipRanges(software.amazon.awssdk.services.ec2.model.IpRange.builder().cidrIp(cidr).build()).build();
        ec2.revokeSecurityGroupIngress(r -> r.groupId(group).ipPermissions(rule.apply("0.0.0.0/0")));
        try {
            ec2.authorizeSecurityGroupIngress(r -> r.groupId(group).ipPermissions(rule.apply("198.51.100.0/24")));
            Cli.Outcome narrow = Cli.run(args);
            System.out.println(narrow.out());
            assertThat(narrow.exitCode()).as(narrow.all()).isEqualTo(1);
            assertThat(narrow.out()).contains("[1/2] the security group admits port 8000 from anywhere (0.0.0.0/0) (the"
                    + " cloud's API): port 8000 admitted from [198.51.100.0/24] by [" + group + "]: the document opens it"
                    + " to anywhere").contains("admitted only from [198.51.100.0/24]");
            ec2.revokeSecurityGroupIngress(r -> r.groupId(group).ipPermissions(rule.apply("198.51.100.0/24")));
        } finally {
            ec2.authorizeSecurityGroupIngress(r -> r.groupId(group).ipPermissions(rule.apply("0.0.0.0/0")));
        }
        await("grade full again with port 8000 open to anywhere").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500)).until(() -> Cli.run(args).exitCode() == 0);
    }

    /**
     * A class graded at once from a hosts file: the finished lab's server behind many roster lines, and one server
     * that is stopped (its old address drops SYNs, as a student's stopped instance does). Prints the figures: one
     * healthy server, the unreachable one, and the wall time of classes of 21 and 100.
     */
    private static void aClassAtOnce(LabRun run, Cloud cloud, java.nio.file.Path dir) throws java.io.IOException {
        var ec2 = run.cloud().ec2();
        String ip = ec2.describeInstances(r -> r.instanceIds(run.instanceId())).reservations().get(0).instances().get(0)
                .publicIpAddress();
        var stopped = ec2.runInstances(r -> r.imageId(ec2.describeInstances(d -> d.instanceIds(run.instanceId()))
                .reservations().get(0).instances().get(0).imageId()).instanceType("t2.micro").minCount(1).maxCount(1))
                .instances().get(0);
        String gone;
        try (var waiter = ec2.waiter()) {
            waiter.waitUntilInstanceRunning(r -> r.instanceIds(stopped.instanceId()));
            gone = ec2.describeInstances(r -> r.instanceIds(stopped.instanceId())).reservations().get(0).instances().get(0)
                    .publicIpAddress();
            ec2.stopInstances(r -> r.instanceIds(stopped.instanceId()));
            waiter.waitUntilInstanceStopped(r -> r.instanceIds(stopped.instanceId()));
        }
        java.nio.file.Files.copy(run.keyFile(), dir.resolve("notes-key.pem"));
        java.nio.file.Files.setPosixFilePermissions(dir.resolve("notes-key.pem"),
                java.nio.file.attribute.PosixFilePermissions.fromString("r--------"));
        StringBuilder roster = new StringBuilder("# host key [user]\n");
        for (int i = 0; i < 20; i++) {
            roster.append(ip).append(" notes-key.pem\n");
        }
        roster.append(gone).append(",notes-key.pem,ubuntu\n");
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("class.txt"), roster);
        java.nio.file.Path out = dir.resolve("graded");
        String[] common = {"--endpoint", cloud.endpoint().orElseThrow().toString(), "--region", cloud.region()};

        Cli.Outcome graded = Cli.run(concat(List.of("grade", LAB, "--hosts-file", file.toString(), "--parallel", "8",
                "--report-dir", out.toString()), List.of(common)));
        System.out.println(graded.out());
        assertThat(graded.exitCode()).as(graded.all()).isEqualTo(1);
        assertThat(graded.out()).contains("20 of 21 servers at full score").contains("21 servers, 8 at a time")
                .containsPattern("\\| " + java.util.regex.Pattern.quote(gone) + " \\| ubuntu \\| \\d+/\\d+ \\| instance-stopped \\|");
        assertThat(out.resolve("class.html")).content().contains("<span id=\"full\">20</span> of <span id=\"servers\">21</span>");
        assertThat(out.resolve(gone.replace(':', '_') + "-line22").resolve("scorecard.json")).content()
                .contains("\"code\" : \"instance-stopped\"");

        StringBuilder hundred = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            hundred.append(ip).append(" notes-key.pem\n");
        }
        java.nio.file.Path big = java.nio.file.Files.writeString(dir.resolve("class100.txt"), hundred);
        // 8 at a time: every line is the same server here, and sshd drops logins past 10 unauthenticated at once
        // (MaxStartups 10:30:100), which a class of separate servers never meets
        Cli.Outcome all = Cli.run(concat(List.of("grade", LAB, "--hosts-file", big.toString(), "--parallel", "8"),
                List.of(common)));
        System.out.println(all.out().lines().filter(l -> !l.startsWith("| ")).collect(java.util.stream.Collectors.joining("\n")));
        assertThat(all.exitCode()).as(all.all()).isZero();
        assertThat(all.out()).contains("100 of 100 servers at full score", "100 servers, 8 at a time");
    }

    /**
     * Each catalogue fault that applies to the lab, injected by the fault library (which proves it took), then
     * {@code doctor} and {@code grade} as a student runs them with only the address they know: doctor names the
     * fault; grade loses points where the fault breaks what the lab leaves true, and its diagnosis names the fault;
     * where the end state still holds (memory nearly full, an idle Elastic IP) grade is full and doctor alone says it.
     */
    private static void everyCatalogueFault(LabRun run, Cloud cloud, ContainerHosts hosts) throws java.io.IOException {
        Set<FaultKind> endStateHolds = EnumSet.of(FaultKind.OUT_OF_MEMORY, FaultKind.EIP_UNASSOCIATED);
        ObjectMapper json = new ObjectMapper();
        List<String> tried = new java.util.ArrayList<>();
        try (LabChaos chaos = LabChaos.of(run, hosts, EnumSet.allOf(Rule.class), 1);
             Faults faults = new Faults(chaos.deployment())) {
            Deployment d = chaos.deployment();
            for (FaultKind kind : FaultKind.values()) {
                if (!kind.appliesTo(d)) {
                    continue;
                }
                String ip = d.publicIp().orElseThrow(); // it changes with a stop and start: the student looks it up
                List<String> common = List.of("--host", ip, "--key", run.keyFile().toString(), "--endpoint",
                        cloud.endpoint().orElseThrow().toString(), "--region", cloud.region(), "--json");
                Fault fault = faults.inject(kind);
                Cli.Outcome doctor = Cli.run(concat(List.of("doctor", "--app-port", "8000", "--start",
                        "sudo systemctl restart notes"), common));
                assertThat(doctor.exitCode()).as("doctor on %s: %s", kind.id(), doctor.all()).isEqualTo(1);
                // the whole answer (its probes, what it could not check) goes with a failure: the evidence of a red run
                assertThat(json.readTree(doctor.out()).get("findings").findValuesAsText("code"))
                        .as("doctor on %s, which answered:\n%s", kind.id(), doctor.out()).contains(kind.id());
                Cli.Outcome grade = Cli.run(concat(List.of("grade", LAB), common));
                JsonNode card = json.readTree(grade.out());
                if (endStateHolds.contains(kind)) {
                    assertThat(grade.exitCode()).as("grade on %s: %s", kind.id(), grade.all()).isZero();
                } else {
                    assertThat(grade.exitCode()).as("grade on %s: %s", kind.id(), grade.all()).isEqualTo(1);
                    assertThat(card.get("earned").asInt()).isLessThan(card.get("points").asInt());
                    assertThat(card.get("findings").findValuesAsText("code")).as("grade's why on %s", kind.id())
                            .contains(kind.id());
                }
                faults.revert(fault);
                tried.add(kind.id());
            }
        }
        assertThat(tried).as("the faults tried on %s", LAB).contains("key-permissions", "ssh-port-closed",
                "instance-stopped", "app-port-closed", "loopback-bind", "app-not-running", "out-of-memory",
                "venv-inactive", "eip-unassociated");
    }

    private static String[] concat(List<String> first, List<String> then) {
        List<String> all = new java.util.ArrayList<>(first);
        all.addAll(then);
        return all.toArray(String[]::new);
    }

    private static String[] concat(String[] args, String more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = more;
        return all;
    }
}

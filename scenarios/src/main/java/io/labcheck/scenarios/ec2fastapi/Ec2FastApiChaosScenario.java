package io.labcheck.scenarios.ec2fastapi;

import io.labcheck.cloud.Cloud;
import io.labcheck.cloud.HostKind;
import io.labcheck.diagnose.Diagnosis;
import io.labcheck.diagnose.Finding;
import io.labcheck.diagnose.Subject;
import io.labcheck.diagnose.StudentTools;
import io.labcheck.diagnose.Symptom;
import io.labcheck.fault.Deployment;
import io.labcheck.fault.Fault;
import io.labcheck.fault.FaultKind;
import io.labcheck.fault.DocumentedFaults;
import io.labcheck.fault.Faults;
import io.labcheck.host.ContainerHosts;
import io.labcheck.junit.LabCloud;
import io.labcheck.scenarios.StepReport;
import io.labcheck.report.FaultResult;


import org.junit.jupiter.api.TestReporter;
import io.labcheck.ssh.ExecResult;
import io.labcheck.ssh.SshSession;
import io.labcheck.ssh.SshTarget;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ec2-fastapi lab, deployed healthy, then broken in every documented way, one fault at a time and
 * one pair at once: inject, prove it applied, diagnose blind, expect exactly the matching finding,
 * revert, prove healthy again. Prints the fault x finding matrix and the findings about the documents'
 * own troubleshooting claims (seed 000's section lists these failures with their symptoms).
 *
 * <p>{@code -Dlabcheck.rules.disabled=loopback-bind,...} turns diagnosis rules off: the mutation check.
 * {@code -Dlabcheck.chaos.repeat=N} diagnoses each fault N times for a median time (default 3).
 */
@LabCloud(hosts = HostKind.CONTAINER)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("ec2-fastapi chaos: every documented failure injected, diagnosed, reverted")
class Ec2FastApiChaosScenario {

    private Ec2FastApiLab lab;
    private Deployment deployment;
    private Faults faults;
    private Diagnosis diagnosis;
    private Subject subject;
    private final DocumentClaims claims = new DocumentClaims();
    private final Map<String, List<String>> matrix = new LinkedHashMap<>();
    private final Map<String, Duration> medianTime = new LinkedHashMap<>();
    private final List<String> documentFindings = new ArrayList<>();
    /** Where fault results and document findings are published (the results listener turns them into JSON). */
    private TestReporter reporter;

    @BeforeAll
    void deployHealthy(Cloud cloud, ContainerHosts hosts, TestReporter report) throws Exception {
        report.publishEntry(Map.of("cloud provider", cloud.provider().id(), "host kind", "container",
                "host image", hosts.image().describe()));
        lab = new Ec2FastApiLab(cloud);
        deployment = lab.deployAll(hosts);
        faults = new Faults(deployment);
        diagnosis = new Diagnosis(ChaosSettings.enabledRules());
        // Findings point at the step of the lab they concern: where it logs in, where it runs the app.
        String instanceSection = java.util.Objects.requireNonNullElse(lab.sectionOf("ssh -i"), "");
        String appSection = java.util.Objects.requireNonNullElse(lab.sectionOf("uvicorn main:app"), "");
        subject = new Subject(cloud.ec2(), lab.instanceId, lab.pem, "ubuntu", 8000,
                "nohup " + lab.runCommand() + " > uvicorn.log 2>&1 &",
                Map.of("key-permissions", instanceSection, "ssh-port-closed", instanceSection,
                        "instance-stopped", instanceSection, "app-port-closed", appSection,
                        "loopback-bind", appSection, "app-not-running", appSection));
    }

    @Test
    @Order(1)
    @DisplayName("a healthy deployment gives no findings")
    void healthy() {
        Diagnosis.Report report = diagnosis.run(subject);
        assertTrue(report.healthy(), () -> "findings on a healthy deployment: " + report.findings()
                + "\nevidence: " + report.observations().evidence());
    }

    @TestFactory
    @Order(2)
    @DisplayName("each fault: inject, prove, diagnose, revert, prove healthy")
    Stream<DynamicTest> eachFault(TestReporter report) {
        this.reporter = report;
        Set<String> only = Arrays.stream(System.getProperty("labcheck.chaos.only", "").split(",")).map(String::strip)
                .filter(x -> !x.isEmpty()).collect(Collectors.toSet());
        return Arrays.stream(FaultKind.values()).filter(k -> only.isEmpty() || only.contains(k.id()))
                .map(kind -> DynamicTest.dynamicTest(kind.id() + ": " + kind.description(), () -> {
                    org.junit.jupiter.api.Assumptions.assumeTrue(kind.appliesTo(deployment),
                            "the ec2-fastapi lab installs with pip3 outside any venv: proved on the venv deployment"
                                    + " (VenvChaosScenario)");
                    cycle(List.of(kind));
                }));
    }

    @Test
    @Order(3)
    @DisplayName("two at once: loopback-bind + app-port-closed are both named")
    void pair(TestReporter report) {
        this.reporter = report;
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("labcheck.chaos.only", "").isBlank(),
                "labcheck.chaos.only selects single faults");
        cycle(List.of(FaultKind.LOOPBACK_BIND, FaultKind.APP_PORT_CLOSED));
    }

    private void cycle(List<FaultKind> kinds) {
        String label = kinds.stream().map(FaultKind::id).collect(Collectors.joining(" + "));
        List<String> expectedCodes = kinds.stream().map(FaultKind::id).sorted().toList();
        List<Fault> injected = new ArrayList<>();
        boolean reverted = false;
        try {
            for (FaultKind k : kinds) {
                injected.add(faults.inject(k)); // proves it applied
            }
            diagnose(kinds, label);
        } finally {
            // Reverted whatever the diagnosis said, so the next fault meets a healthy deployment.
            try {
                for (int i = injected.size() - 1; i >= 0; i--) {
                    faults.revert(injected.get(i)); // proves it reverted
                }
                Diagnosis.Report after = diagnosis.run(subject);
                assertTrue(after.healthy(), () -> "still unhealthy after reverting " + label + ": " + after.findings());
                reverted = true;
            } finally {
                List<String> reported = matrix.getOrDefault(label, List.of());
                publish("fault", new FaultResult(label, injected.size() == kinds.size(), expectedCodes, reported,
                        reported.stream().sorted().toList().equals(expectedCodes), reverted,
                        medianTime.containsKey(label) ? medianTime.get(label).toMillis() : null));
            }
        }
    }

    private void publish(String key, Object value) {
        if (reporter != null) {
            new StepReport(reporter).json(key, value);
        }
    }

    private void diagnose(List<FaultKind> kinds, String label) {
        List<Diagnosis.Report> runs = new ArrayList<>();
        int repeat = Integer.getInteger("labcheck.chaos.repeat", 3);
        for (int n = 0; n < Math.max(1, repeat); n++) {
            runs.add(diagnosis.run(subject));
        }
        Diagnosis.Report report = runs.get(0);
        matrix.put(label, report.codes());
        medianTime.put(label, runs.stream().map(Diagnosis.Report::took).sorted().toList().get((runs.size() - 1) / 2));
        System.out.println("[diagnosis] " + label + " -> " + report.codes() + " in " + report.took().toMillis() + " ms");
        report.findings().forEach(f -> System.out.println("  " + f.toString().replace("\n", "\n  ")));
        if (kinds.size() == 1) {
            compareWithTheDocument(kinds.get(0), report);
        }

        List<String> expected = kinds.stream().map(FaultKind::id).sorted().toList();
        assertEquals(expected, report.codes().stream().sorted().toList(),
                () -> "findings for " + label + "\nevidence: " + report.observations().evidence());
        for (Finding f : report.findings()) {
            assertThat(f.fix()).as("a fix for " + f.code()).isNotBlank();
            assertThat(f.evidence()).as("evidence for " + f.code()).isNotEmpty();
        }

    }

    /** What the user really saw next to what seed 000's troubleshooting says they will see for this cause. */
    private void compareWithTheDocument(FaultKind kind, Diagnosis.Report report) {
        if (!claims.describes(kind)) {
            return;
        }
        Optional<String> observed = switch (kind) {
            case KEY_PERMISSIONS, SSH_PORT_CLOSED -> report.observations().sshSymptom().map(Symptom::toString);
            // A student types the address they had; a stopped instance no longer has it.
            case INSTANCE_STOPPED -> Optional.of(StudentTools.ssh(lab.pem, "ubuntu", lab.publicIp).toString());
            case OUT_OF_MEMORY -> Optional.of(tryToAllocate());
            default -> report.observations().httpSymptom().map(Symptom::toString);
        };
        observed.flatMap(o -> claims.compare(kind, o)).ifPresent(finding -> {
            documentFindings.add(finding.message());
            publish("document finding", finding);
        });
    }

    /** How many processes the kernel's OOM killer has killed in this machine's memory cgroup, as the student can read it. */
    private static final String OOM_KILLS = "cat /sys/fs/cgroup/memory/memory.oom_control /sys/fs/cgroup/memory.events"
            + " 2>/dev/null | awk '/^oom_kill /{print $2; exit}'";

    /** Under memory pressure, what a student's next allocation (256 MiB) meets, and what else it costs. */
    private String tryToAllocate() {
        try (SshSession session = lab.ssh.connect(SshTarget.ubuntu(deployment.publicIp().orElseThrow(), lab.pem),
                Duration.ofSeconds(10))) {
            String before = session.exec(OOM_KILLS, Duration.ofSeconds(10)).stdout().strip();
            ExecResult r = session.exec("python3 -c 'b = bytearray(256 * 1024 * 1024); print(\"allocated\")'",
                    Duration.ofSeconds(60));
            String after = session.exec(OOM_KILLS, Duration.ofSeconds(10)).stdout().strip();
            String outcome = r.exitCode() == 0 ? "the allocation went through" : "python3 ended with exit " + r.exitCode()
                    + (r.exitSignal() == null ? "" : " (signal " + r.exitSignal() + ", the shell says \"Killed\")");
            String lastLine = r.stderr().strip().lines().reduce((a, b) -> b).orElse("");
            String killer = before.equals(after) ? "" : "; the kernel's OOM killer killed a process (oom_kill " + before
                    + " -> " + after + ")";
            return "python3 allocating 256 MiB: " + outcome + (lastLine.isEmpty() ? "" : " (" + lastLine + ")") + killer;
        } catch (Exception e) {
            return "could not try: " + e.getMessage();
        }
    }

    @AfterAll
    void report() throws Exception {
        try {
            StringBuilder sb = new StringBuilder("\nfault x finding matrix (ec2-fastapi)\n");
            sb.append(String.format("  %-34s %-34s %-6s %s%n", "injected", "reported", "caught", "median diagnosis"));
            matrix.forEach((fault, reported) -> {
                List<String> expected = Arrays.stream(fault.split(" \\+ ")).sorted().toList();
                boolean caught = expected.equals(reported.stream().sorted().toList());
                sb.append(String.format("  %-34s %-34s %-6s %d ms%n", fault, String.join(", ", reported),
                        caught ? "yes" : "NO", medianTime.get(fault).toMillis()));
            });
            sb.append("\ndocument findings (seed 000 troubleshooting vs what really happens): ")
                    .append(documentFindings.size()).append('\n');
            documentFindings.forEach(d -> sb.append("  ").append(d).append('\n'));
            System.out.println(sb);
        } finally {
            try {
                if (faults != null) {
                    faults.close(); // anything a failed test left in is reverted, or this fails
                }
            } finally {
                if (diagnosis != null) {
                    diagnosis.close();
                }
                if (lab != null) {
                    lab.close();
                }
            }
        }
    }
}

package io.labcheck.scenarios.ec2fastapi;

import io.labcheck.cloud.Cloud;
import io.labcheck.cloud.HostKind;
import io.labcheck.diagnose.Diagnosis;
import io.labcheck.diagnose.Subject;
import io.labcheck.fault.Deployment;
import io.labcheck.fault.Fault;
import io.labcheck.fault.FaultKind;
import io.labcheck.fault.Faults;
import io.labcheck.host.ContainerHosts;
import io.labcheck.junit.LabCloud;
import io.labcheck.scenarios.StepReport;
import io.labcheck.ssh.ExecResult;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same FastAPI app deployed the way seed 000 installs it, in a venv, so that the venv-inactive
 * fault (starting it from a terminal where the venv is not active) is injected, diagnosed and reverted.
 */
@LabCloud(hosts = HostKind.CONTAINER)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("venv deployment chaos: the app started outside its venv")
class VenvChaosScenario {
    // Only the server goes to the background: the shell itself must end for the command to return.
    private static final String START = "cd ~ && source venv/bin/activate && { nohup uvicorn main:app --host 0.0.0.0"
            + " --port 8000 > uvicorn.log 2>&1 < /dev/null & }";

    private Ec2FastApiLab lab;
    private Deployment deployment;
    private Diagnosis diagnosis;
    private Subject subject;

    @BeforeAll
    void deploy(Cloud cloud, ContainerHosts hosts) throws Exception {
        lab = new Ec2FastApiLab(cloud);
        lab.createKeyPair();
        lab.createSecurityGroup();
        lab.launch();
        lab.awaitRunning();
        lab.sshIn();
        ExecResult venv = lab.server.exec("python3 -m venv venv && source venv/bin/activate && "
                + lab.pipInstallCommand().replace("pip3 ", "pip "), Ec2FastApiLab.COMMAND);
        assertEquals(0, venv.exitCode(), "venv and install: " + venv);
        lab.writeApp();
        lab.allowAllTraffic();
        deployment = new Deployment(cloud.ec2(), lab.instanceId, lab.pem, "ubuntu", 8000, START, "uvicorn main:app", hosts);
        ExecResult start = lab.server.exec(START, Duration.ofSeconds(10));
        assertEquals(0, start.exitCode(), start.toString());
        org.awaitility.Awaitility.await("the app in its venv to listen").atMost(Duration.ofSeconds(30))
                .until(() -> lab.server.exec("ss -Hltn 'sport = :8000'", Duration.ofSeconds(10)).stdout()
                        .contains("0.0.0.0:8000"));
        diagnosis = new Diagnosis(ChaosSettings.enabledRules());
        subject = new Subject(cloud.ec2(), lab.instanceId, lab.pem, "ubuntu", 8000,
                "source venv/bin/activate && nohup uvicorn main:app --host 0.0.0.0 --port 8000 > uvicorn.log 2>&1 &", Map.of());
    }

    @Test
    @Order(1)
    @DisplayName("healthy: no findings")
    void healthy() {
        Diagnosis.Report r = diagnosis.run(subject);
        assertTrue(r.healthy(), () -> r.findings() + "\n" + r.observations().evidence());
    }

    @Test
    @Order(2)
    @DisplayName("venv-inactive: injected, diagnosed as exactly that, reverted")
    void venvInactive(TestReporter reporter) throws Exception {
        try (Faults faults = new Faults(deployment)) {
            Fault f = faults.inject(FaultKind.VENV_INACTIVE);
            Diagnosis.Report r = diagnosis.run(subject);
            System.out.println("[diagnosis] venv-inactive -> " + r.codes() + " in " + r.took().toMillis() + " ms");
            r.findings().forEach(x -> System.out.println("  " + x.toString().replace("\n", "\n  ")));
            assertEquals(List.of("venv-inactive"), r.codes(),
                    () -> "findings for venv-inactive\nevidence: " + r.observations().evidence());
            compareWithTheDocument(reporter);
            faults.revert(f);
        }
        Diagnosis.Report after = diagnosis.run(subject);
        assertTrue(after.healthy(), () -> "after revert: " + after.findings());
    }

    /** Seed 000 says what pip outside the venv does; what does it do? */
    private void compareWithTheDocument(TestReporter reporter) throws Exception {
        DocumentClaims claims = new DocumentClaims();
        if (!claims.describes(FaultKind.VENV_INACTIVE)) {
            return;
        }
        ExecResult pip = lab.server.exec("pip install --dry-run fastapi 2>&1 | head -3", Duration.ofMinutes(2));
        String observed = "pip install fastapi outside the venv -> " + pip.stdout().strip().replace('\n', ' ');
        claims.compare(FaultKind.VENV_INACTIVE, observed)
                .ifPresent(finding -> new StepReport(reporter).json("document finding", finding));
    }

    @AfterAll
    void leave() throws Exception {
        if (diagnosis != null) {
            diagnosis.close();
        }
        if (lab != null) {
            lab.close();
        }
    }
}

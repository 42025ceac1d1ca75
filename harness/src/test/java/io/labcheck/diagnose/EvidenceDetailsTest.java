package io.labcheck.diagnose;

import io.labcheck.host.MemoryReading;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The details a student reads, each on hand-made evidence with the piece that changes it: the word a key rule uses
 * for the mode, the evidence lines that appear only when their probe saw something, the instance and group named in
 * fixes, the "nothing answers" wording per number of ports, and how a probe and a report print. Written from PIT's
 * survivors in io.labcheck.diagnose.
 */
class EvidenceDetailsTest {
    private static final Subject APP = new Subject(null, "i-0aaa", Path.of("/home/s/lab.pem"), "ubuntu", 8000,
            "nohup uvicorn main:app --host 0.0.0.0 &", "uvicorn main:app", Map.of());

    @Test
    void theKeyRuleTakesOpenSshsRefusalAndSaysReadOrUsedByTheMode() {
        Observations o = new Observations();
        o.keyRefusal = "Permissions 0644 for 'lab.pem' are too open";
        assertThat(Rule.KEY_PERMISSIONS.evaluate(o, APP)).as("no mode read: no finding").isEmpty();
        o.keyMode = PosixFilePermissions.fromString("rw-r--r--");
        assertThat(Rule.KEY_PERMISSIONS.evaluate(o, APP).orElseThrow().cause()).startsWith("lab.pem can be read by others");
        o.keyMode = PosixFilePermissions.fromString("rw----r--");
        assertThat(Rule.KEY_PERMISSIONS.evaluate(o, APP).orElseThrow().cause()).startsWith("lab.pem can be read by others");
        o.keyMode = PosixFilePermissions.fromString("rw---x---");
        assertThat(Rule.KEY_PERMISSIONS.evaluate(o, APP).orElseThrow().cause()).startsWith("lab.pem can be used by others");
        o.keyRefusal = null;
        assertThat(Rule.KEY_PERMISSIONS.evaluate(o, APP)).as("OpenSSH loads it: no finding").isEmpty();
    }

    private static Observations unitOutsideItsVenv() {
        Observations o = new Observations();
        o.sshOk = true;
        o.listeners = "";
        o.appModules = List.of("uvicorn");
        o.venvsWithApp = "/home/ubuntu/app/venv";
        o.unitInterpreter = "/opt/python/bin/python3";
        o.unitInterpreterHasApp = false;
        return o;
    }

    @Test
    void aUnitOutsideItsVenvWithoutALogErrorAndOneModule() {
        Finding f = Rule.VENV_INACTIVE.evaluate(unitOutsideItsVenv(), APP).orElseThrow();
        assertThat(f.evidence()).as("no log line when the log said nothing").containsExactly(
                "server: nothing listens on port 8000",
                "server: the unit runs /opt/python/bin/python3, which does not import uvicorn",
                "server: /home/ubuntu/app/venv/bin/python imports uvicorn; /opt/python/bin/python3 does not");
        assertThat(f.cause()).endsWith("has no uvicorn; it is installed in /home/ubuntu/app/venv");
        assertThat(f.fix()).startsWith("in the unit's ExecStart, run /home/ubuntu/app/venv/bin/...");
    }

    @Test
    void oomKillsAreEvidenceOnlyWhenThereWereAny() {
        Observations o = new Observations();
        o.memory = new MemoryReading(10_000, 9_000);
        o.oomKills = 0L;
        assertThat(Rule.OUT_OF_MEMORY.evaluate(o, APP).orElseThrow().evidence()).noneMatch(e -> e.contains("OOM killer"));
        o.oomKills = 3L;
        assertThat(Rule.OUT_OF_MEMORY.evaluate(o, APP).orElseThrow().evidence())
                .contains("server: the kernel's OOM killer has killed 3 processes since boot");
    }

    @Test
    void theInstanceTheApiDescribedIsTheOneNamedInAFix() {
        Observations o = new Observations();
        o.instanceState = "stopped";
        assertThat(Rule.INSTANCE_STOPPED.evaluate(o, APP).orElseThrow().fix()).contains("--instance-ids i-0aaa");
        o.instanceId = "i-0bbb"; // found by its address: the API's answer wins over what the subject said
        assertThat(Rule.INSTANCE_STOPPED.evaluate(o, APP).orElseThrow().fix()).contains("--instance-ids i-0bbb");
    }

    private static Observations timedOut(int... ports) {
        Observations o = new Observations();
        o.publicIp = "203.0.113.9";
        for (int p : ports) {
            o.reach.put(p, Reach.TIMEOUT);
        }
        return o;
    }

    @Test
    void nothingAnswersSaysHowManyPortsTimedOutAndWhatWasTried() {
        Subject noApi = new Subject(null, null, "203.0.113.9", 22, Path.of("/home/s/lab.pem"), "ubuntu", 0, "", "", Map.of());
        Finding one = Rule.INSTANCE_STOPPED.evaluate(timedOut(22), noApi).orElseThrow();
        assertThat(one.cause()).startsWith("nothing answers at 203.0.113.9 (port 22 times out)");
        assertThat(one.evidence()).containsExactly("from outside: port 22 " + Reach.TIMEOUT);
        assertThat(one.fix()).contains("--instance-ids <instance-id>");

        Observations two = timedOut(22, 8000);
        two.sshSymptom = new Symptom("ssh -i lab.pem ubuntu@203.0.113.9 true", 255, "Connection timed out");
        Finding both = Rule.INSTANCE_STOPPED.evaluate(two, APP).orElseThrow();
        assertThat(both.cause()).startsWith("nothing answers at 203.0.113.9 (ports 22 and 8000 both time out)");
        assertThat(both.evidence()).containsExactly("from outside: port 22 " + Reach.TIMEOUT,
                "from outside: port 8000 " + Reach.TIMEOUT, "tried: " + two.sshSymptom);
        assertThat(both.fix()).contains("--instance-ids i-0aaa");

        assertThat(Rule.INSTANCE_STOPPED.evaluate(timedOut(22, 80, 8000), APP).orElseThrow().cause())
                .contains("(ports 22 and 80 and 8000 all time out)");
        Observations answered = timedOut(22, 8000);
        answered.reach.put(8000, Reach.REFUSED);
        assertThat(Rule.INSTANCE_STOPPED.evaluate(answered, APP)).as("a refusal is an answer").isEmpty();
        Observations loggedIn = timedOut(22);
        loggedIn.sshOk = true;
        assertThat(Rule.INSTANCE_STOPPED.evaluate(loggedIn, APP)).as("a login is an answer").isEmpty();
    }

    @Test
    void aProbePrintsItsOutcomeAndWhatItSaw() {
        assertThat(new Probe("p", Probe.Outcome.ANSWERED, true, null).detail()).isEmpty();
        assertThat(Probe.answered("p", true, "seen").toString()).isEqualTo("p: ok: seen");
        assertThat(Probe.answered("p", false, "").toString()).isEqualTo("p: PROBLEM");
        assertThat(Probe.failed("p", "why").toString()).isEqualTo("p: failed: why");
        assertThat(Probe.failed("p", "why").answered()).isFalse();
        assertThat(Probe.notRun("p", "").toString()).isEqualTo("p: not run");
        assertThat(Probe.skipped("p", "x").settled()).isTrue();
        assertThat(Probe.notRun("p", "x").settled()).isFalse();
        assertThat(Probe.failed("p", "x").settled()).isFalse();
    }

    private static Diagnosis.Report report(Probe... probes) {
        Observations o = new Observations();
        for (Probe p : probes) {
            o.started(p.name());
            o.record(p);
        }
        return new Diagnosis.Report(List.of(), o, Duration.ZERO);
    }

    @Test
    void aReportNamesWhatItSkippedAndWhatItCouldNotCheck() {
        Diagnosis.Report healthy = report(Probe.answered("a", true, ""), Probe.skipped("the API", "no credentials"));
        assertThat(healthy.summary()).isEqualTo("nothing wrong: all 1 probes answered and showed health (not looked at: the API)");
        assertThat(report(Probe.answered("a", true, "")).summary()).isEqualTo("nothing wrong: all 1 probes answered and showed health");

        Diagnosis.Report incomplete = report(Probe.answered("a", true, ""), Probe.notRun("b", ""), Probe.failed("c", "boom"));
        assertThat(incomplete.couldNotCheck()).containsExactly("could not check b: not run", "could not check c: failed, boom");

        Diagnosis.Report unexplained = report(Probe.answered("fine", true, "ok"), Probe.answered("curl", false, "exit 52"));
        assertThat(unexplained.summary()).isEqualTo("something is wrong that no rule names: curl: PROBLEM: exit 52");
    }

    @Test
    void aPortAdmittedOnlyFromMyIpNamesTheGroupWhenTheApiSaidIt() {
        Observations o = new Observations();
        o.publicIp = "203.0.113.9";
        o.instanceState = "running";
        o.reach.put(22, Reach.OPEN);
        o.reach.put(8000, Reach.TIMEOUT);
        o.ingress.put(22, true);
        o.ingress.put(8000, true);
        o.ingressSources.put(8000, List.of("198.51.100.7/32"));
        assertThat(Rule.APP_PORT_CLOSED.evaluate(o, APP).orElseThrow().fix()).contains("--group-id <group-id> ");
        o.groupId = "sg-0abc";
        assertThat(Rule.APP_PORT_CLOSED.evaluate(o, APP).orElseThrow().fix()).contains("--group-id sg-0abc ");
    }
}

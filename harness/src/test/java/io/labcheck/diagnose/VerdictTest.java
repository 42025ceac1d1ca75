package io.labcheck.diagnose;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The verdict from the probes' outcomes: health is shown by every probe answering healthy, never by silence. */
class VerdictTest {

    private static Diagnosis.Report report(List<Finding> findings, Probe... probes) {
        Observations o = new Observations();
        for (Probe p : probes) {
            o.started(p.name());
            o.record(p);
        }
        return new Diagnosis.Report(findings, o, Duration.ZERO);
    }

    @Test
    void everyProbeAnsweredHealthyIsHealthy() {
        Diagnosis.Report r = report(List.of(), Probe.answered("port 22 from outside", true, "OPEN"),
                Probe.context("the app's log", "no start-up failure"));
        assertThat(r.verdict()).isEqualTo(Diagnosis.Verdict.HEALTHY);
        assertThat(r.healthy()).isTrue();
        assertThat(r.summary()).isEqualTo("nothing wrong: all 2 probes answered and showed health");
    }

    @Test
    void noProbeAtAllIsNotHealth() {
        Diagnosis.Report r = report(List.of());
        assertThat(r.verdict()).isEqualTo(Diagnosis.Verdict.INCOMPLETE);
        assertThat(r.summary()).isEqualTo("could not check anything: no probe ran");
    }

    @Test
    void aProbeThatFailedOrDidNotRunMakesItIncompleteAndSaysWhy() {
        Diagnosis.Report r = report(List.of(), Probe.answered("port 22 from outside", true, "OPEN"),
                Probe.failed("memory on the server", "reading memory exited 1: awk: not found"),
                Probe.notRun("the app's log", "no login: AUTH_DENIED"));
        assertThat(r.healthy()).isFalse();
        assertThat(r.verdict()).isEqualTo(Diagnosis.Verdict.INCOMPLETE);
        assertThat(r.couldNotCheck()).containsExactly(
                "could not check memory on the server: failed, reading memory exited 1: awk: not found",
                "could not check the app's log: not run, no login: AUTH_DENIED");
    }

    @Test
    void aProbeStillLookingWhenTheBoundEndsTimesOut() {
        Observations o = new Observations();
        o.started("curl from outside");
        o.started("port 22 from outside");
        o.record(Probe.answered("port 22 from outside", true, "OPEN"));
        o.endLooking("still looking after 60 s");
        assertThat(o.probes()).extracting(Probe::outcome)
                .containsExactly(Probe.Outcome.TIMED_OUT, Probe.Outcome.ANSWERED);
        assertThat(new Diagnosis.Report(List.of(), o, Duration.ZERO).couldNotCheck())
                .containsExactly("could not check curl from outside: timed out, still looking after 60 s");
    }

    @Test
    void anAnswerShowingTroubleNoRuleNamesIsUnexplainedNotHealthy() {
        Diagnosis.Report r = report(List.of(), Probe.answered("curl from outside", false,
                "curl http://1.2.3.4:8000/ -> exit 52: Empty reply from server"));
        assertThat(r.verdict()).isEqualTo(Diagnosis.Verdict.UNEXPLAINED);
        assertThat(r.summary()).contains("no rule names").contains("Empty reply from server");
    }

    @Test
    void findingsComeFirst() {
        Finding f = new Finding("app-not-running", "nothing listens", "start it", List.of("ss"), "");
        Diagnosis.Report r = report(List.of(f), Probe.notRun("the app's log", "no login"));
        assertThat(r.verdict()).isEqualTo(Diagnosis.Verdict.FINDINGS);
        assertThat(r.summary()).isEqualTo("found: [app-not-running]");
    }
}

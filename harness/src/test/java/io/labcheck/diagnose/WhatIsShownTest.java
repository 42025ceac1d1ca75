package io.labcheck.diagnose;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a diagnosis shows a person: a finding, a symptom, the evidence kept, and what counts as an app. */
class WhatIsShownTest {

    @Test
    void aFindingIsItsCodeCauseFixAndEvidenceAndItsSectionOnlyWhenItHasOne() {
        Finding f = new Finding("loopback-bind", "the app listens on 127.0.0.1:8000 only", "restart it",
                List.of("server: ss -ltn shows 127.0.0.1:8000", "from outside: port 8000 REFUSED"), "5.4 Run the app");
        assertThat(f.toString()).isEqualTo("""
                loopback-bind: the app listens on 127.0.0.1:8000 only
                    fix: restart it
                    evidence: server: ss -ltn shows 127.0.0.1:8000; from outside: port 8000 REFUSED
                    see: 5.4 Run the app""");
        String withoutSection = "loopback-bind: the app listens on 127.0.0.1:8000 only\n    fix: restart it\n"
                + "    evidence: server: ss -ltn shows 127.0.0.1:8000; from outside: port 8000 REFUSED";
        assertThat(new Finding(f.code(), f.cause(), f.fix(), f.evidence(), "").toString()).isEqualTo(withoutSection);
        assertThat(new Finding(f.code(), f.cause(), f.fix(), f.evidence(), "  ").toString()).isEqualTo(withoutSection);
        assertThat(new Finding(f.code(), f.cause(), f.fix(), f.evidence(), null).toString()).isEqualTo(withoutSection);
    }

    @Test
    void aSymptomIsTheCommandItsExitAndItsWordsOnOneLine() {
        assertThat(new Symptom("curl http://203.0.113.5:8000/", 7, "curl: (7) Failed to connect\nafter 2 ms\n").toString())
                .isEqualTo("curl http://203.0.113.5:8000/ -> exit 7: curl: (7) Failed to connect after 2 ms");
        assertThat(new Symptom("ssh ubuntu@203.0.113.5 true", 0, " \n").toString())
                .isEqualTo("ssh ubuntu@203.0.113.5 true -> exit 0");
    }

    @Test
    void aLabHasAnAppWhenItServesOnAPort() {
        assertThat(subject(0).hasApp()).isFalse();
        assertThat(subject(1).hasApp()).isTrue();
        assertThat(subject(8000).hasApp()).isTrue();
        assertThat(subject(8000).section("loopback-bind")).isEqualTo("5.4");
        assertThat(subject(8000).section("out-of-memory")).isEmpty();
    }

    private static Subject subject(int port) {
        return new Subject(null, "i-1", Path.of("lab.pem"), "ubuntu", port, "", "", Map.of("loopback-bind", "5.4"));
    }

    @Test
    void observationsGiveBackWhatWasSeenAndNothingThatWasNot() {
        Observations o = new Observations();
        assertThat(o.sshSymptom()).isEmpty();
        assertThat(o.httpSymptom()).isEmpty();
        assertThat(o.instanceState()).isEmpty();
        assertThat(o.reach(22)).isEmpty();
        assertThat(o.appModules()).isEmpty();
        assertThat(o.evidence()).isEmpty();

        Symptom ssh = new Symptom("ssh", 255, "timed out");
        Symptom http = new Symptom("curl", 7, "refused");
        o.sshSymptom = ssh;
        o.httpSymptom = http;
        o.instanceState = "running";
        o.reach.put(22, Reach.OPEN);
        o.appModules = List.of("flask");
        o.note("API: i-1 is running");
        o.note("from outside: 22 OPEN");
        assertThat(o.sshSymptom()).contains(ssh);
        assertThat(o.httpSymptom()).contains(http);
        assertThat(o.instanceState()).contains("running");
        assertThat(o.reach(22)).contains(Reach.OPEN);
        assertThat(o.reach(8000)).isEmpty();
        assertThat(o.appModules()).containsExactly("flask");
        assertThat(o.evidence()).containsExactly("API: i-1 is running", "from outside: 22 OPEN");
    }
}

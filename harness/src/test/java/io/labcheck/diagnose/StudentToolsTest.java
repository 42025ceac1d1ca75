package io.labcheck.diagnose;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The student's clients as run here: the command as shown, its exit code and its words, never a hang or a throw. */
class StudentToolsTest {

    @Test
    void aCommandGivesItsExitCodeAndItsWordsStripped() {
        Symptom s = StudentTools.run("sh", "-c", "echo '  refused  '; echo oops >&2; exit 3");
        assertThat(s.exitCode()).isEqualTo(3);
        assertThat(s.output()).isEqualTo("refused  \noops");
        assertThat(s.command()).as("spaces collapsed, as one line").isEqualTo("sh -c echo ' refused '; echo oops >&2; exit 3");
    }

    @Test
    void theCommandAsShownLeavesOutItsOptions() {
        Symptom s = StudentTools.run("true", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "ubuntu@host", "true");
        assertThat(s.command()).isEqualTo("true ubuntu@host true");
        assertThat(s.exitCode()).isZero();
        assertThat(s.output()).isEmpty();
    }

    @Test
    void aCommandReadsNothingFromTheTerminal() {
        // stdin is closed: cat ends at once instead of waiting for the bound
        long t0 = System.nanoTime();
        Symptom s = StudentTools.run("cat");
        assertThat(s.exitCode()).isZero();
        assertThat(System.nanoTime() - t0).isLessThan(StudentTools.BOUND.toNanos() / 2);
    }

    @Test
    void aClientThatIsNotInstalledIsSaidSo() {
        Symptom s = StudentTools.run("labcheck-no-such-client", "x");
        assertThat(s.exitCode()).isEqualTo(-1);
        assertThat(s.output()).startsWith("labcheck-no-such-client is not installed here (");
    }

    @Test
    void curlToAPortNothingListensOnIsRefused() {
        Symptom s = StudentTools.curl("http://127.0.0.1:9/");
        assertThat(s.command()).isEqualTo("curl -sS -w HTTP %{http_code} --connect-timeout 2 -m 5 http://127.0.0.1:9/");
        assertThat(s.exitCode()).isEqualTo(7);
        assertThat(s.output()).contains("HTTP 000");
    }

    @Test
    void sshToAnAddressThatLetsNoOneInEndsWithSshsOwnErrorCode() {
        // 127.0.0.1: refused when nothing listens on 22, a denied key when an sshd does; exit 255 either way
        Symptom s = StudentTools.ssh(java.nio.file.Path.of("/nonexistent/lab.pem"), "ubuntu", "127.0.0.1");
        assertThat(s.command()).isEqualTo("ssh -i /nonexistent/lab.pem ubuntu@127.0.0.1 true");
        assertThat(s.exitCode()).isEqualTo(255);
    }
}

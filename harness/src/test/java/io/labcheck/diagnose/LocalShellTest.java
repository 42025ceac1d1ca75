package io.labcheck.diagnose;

import io.labcheck.ssh.ExecResult;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The shell {@code --local} reads the server through: what {@code ssh host command} would show, bounded. */
class LocalShellTest {

    @Test
    void aCommandGivesItsOutputItsErrorsAndItsExitCodeInTheUsersHome() throws Exception {
        ExecResult r = LocalShell.here().exec("pwd; echo oops >&2; exit 3", Duration.ofSeconds(10));
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stdout().strip()).isEqualTo(Path.of(System.getProperty("user.home")).toRealPath().toString());
        assertThat(r.stderr().strip()).isEqualTo("oops");
        assertThat(r.timedOut()).isFalse();
    }

    @Test
    void standardInputIsAtItsEndAsWithSshN(@TempDir Path dir) throws Exception {
        ExecResult r = new LocalShell(List.of("/bin/sh", "-c"), dir).exec("cat; echo read-to-end", Duration.ofSeconds(10));
        assertThat(r.stdout()).isEqualTo("read-to-end\n");
        assertThat(r.took()).isLessThan(Duration.ofSeconds(9)); // cat waiting on a terminal would hold it to the bound
    }

    @Test
    void aCommandStillRunningAtItsBoundIsStoppedAndSaysItTimedOut(@TempDir Path dir) throws Exception {
        long t0 = System.nanoTime();
        ExecResult r = new LocalShell(List.of("/bin/sh", "-c"), dir).exec("echo started; exec sleep 30",
                Duration.ofMillis(500));
        assertThat(r.timedOut()).isTrue();
        assertThat(r.exitCode()).isEqualTo(-1);
        assertThat(r.stdout()).isEqualTo("started\n");
        // the bound, the TERM's grace and the output's: never the 30 s the command asked for
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
    }
}

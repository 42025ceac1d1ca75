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

    @Test
    void outputABackgroundChildWritesAfterTheShellExitsIsWaitedForWithinTheBound(@TempDir Path dir) throws Exception {
        // the shell ends at once; its child holds the output open and writes later (past the 2 s grace every read
        // gets), as a server's command may: like ssh, the result waits for the output to end
        ExecResult r = new LocalShell(List.of("/bin/sh", "-c"), dir).exec("echo early; (sleep 3; echo late; echo why >&2) &",
                Duration.ofSeconds(20));
        assertThat(r.timedOut()).isFalse();
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).isEqualTo("early\nlate\n");
        assertThat(r.stderr()).isEqualTo("why\n");
        assertThat(r.took()).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void outputHeldOpenPastTheBoundIsCutThereKeepingWhatArrived(@TempDir Path dir) throws Exception {
        // a server process started in the background without redirecting its output (nohup app &) holds it open
        // for good: the shell's exit code and what arrived are kept, the wait ends at the bound
        Path pid = dir.resolve("pid");
        try {
            ExecResult r = new LocalShell(List.of("/bin/sh", "-c"), dir).exec("echo early; sleep 60 & echo $! > " + pid,
                    Duration.ofSeconds(1));
            assertThat(r.timedOut()).isFalse();
            assertThat(r.exitCode()).isZero();
            assertThat(r.stdout()).isEqualTo("early\n");
            assertThat(r.took()).isLessThan(Duration.ofSeconds(30)); // not the 60 s the child lives
        } finally {
            ProcessHandle.of(Long.parseLong(java.nio.file.Files.readString(pid).strip())).ifPresent(ProcessHandle::destroy);
        }
    }

    @Test
    void aLauncherThatCannotStartSaysSoAndLeavesNoReaderWaiting(@TempDir Path dir) {
        long before = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("labcheck-shell-")).count();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LocalShell(List.of(dir.resolve("no-such-shell").toString(), "-c"), dir)
                .exec("true", Duration.ofSeconds(5))).isInstanceOf(java.io.IOException.class).hasMessageContaining("no-such-shell");
        org.awaitility.Awaitility.await("the output readers of a command that never started to end")
                .atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().startsWith("labcheck-shell-")).count() <= before);
    }

    @Test
    void aCommandThatIgnoresTheTermIsKilledAfterItsGrace(@TempDir Path dir) throws Exception {
        Path pids = dir.resolve("pids");
        ExecResult r = new LocalShell(List.of("/bin/sh", "-c"), dir).exec("echo $$ > " + pids + "; trap '' TERM;"
                + " sleep 30 & echo $! >> " + pids + "; wait", Duration.ofMillis(300));
        assertThat(r.timedOut()).isTrue();
        assertThat(r.exitCode()).isEqualTo(-1);
        for (String pid : java.nio.file.Files.readAllLines(pids)) {
            java.util.Optional<ProcessHandle> left = ProcessHandle.of(Long.parseLong(pid.strip()));
            if (left.isPresent()) {
                // killed: gone, or reaped a moment later (the kill is asynchronous)
                left.get().onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
            }
            assertThat(ProcessHandle.of(Long.parseLong(pid.strip())).map(ProcessHandle::isAlive)).as("process " + pid)
                    .isNotEqualTo(java.util.Optional.of(true));
        }
    }

    @Test
    void thisMachinesShellIsBashWhereThereIsOne() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(Path.of("/bin/bash")), "no bash here");
        assertThat(LocalShell.here().exec("echo ${BASH_VERSION:+bash}", Duration.ofSeconds(10)).stdout()).isEqualTo("bash\n");
    }
}

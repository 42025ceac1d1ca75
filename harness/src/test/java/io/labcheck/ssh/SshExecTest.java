package io.labcheck.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@link SshSession#exec} against a real MINA sshd running commands with /bin/sh. */
class SshExecTest {
    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    @TempDir
    static Path dir;

    @RegisterExtension
    static final LoggedIn LOGIN = LoggedIn.with(TestKeys.Type.ED25519, TEN_SECONDS);

    static SshSession session;

    @BeforeAll
    static void loggedIn() {
        session = LOGIN.session();
    }

    @Test
    void exitCodeAndBothStreamsSeparately() throws IOException {
        ExecResult r = session.exec("echo out; echo err >&2; exit 3", TEN_SECONDS);

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stdout()).isEqualTo("out\n");
        assertThat(r.stderr()).isEqualTo("err\n");
        assertThat(r.timedOut()).isFalse();
        assertThat(r.exitSignal()).isNull();
        assertThat(r.succeeded()).isFalse();
        assertThat(session.exec("true", TEN_SECONDS).succeeded()).isTrue();
    }

    @Test
    void outputIsDecodedAsUtf8() throws IOException {
        ExecResult r = session.exec("printf '\\355\\225\\234\\352\\270\\200 \\342\\234\\223\\n'", TEN_SECONDS);

        assertThat(r.stdout()).isEqualTo("한글 ✓\n");
    }

    @Test
    void timeoutReturnsPromptlyAndTheSessionStaysUsable() throws IOException {
        ExecResult r = session.exec("sleep 30", Duration.ofSeconds(1));

        assertThat(r.timedOut()).isTrue();
        assertThat(r.exitCode()).isEqualTo(-1);
        assertThat(r.took()).isBetween(Duration.ofMillis(900), Duration.ofSeconds(4));
        assertThat(session.isOpen()).isTrue();
        assertThat(session.exec("echo alive", TEN_SECONDS).stdout()).isEqualTo("alive\n");
    }

    @Test
    void outputBeforeATimeoutIsKept() throws IOException {
        ExecResult r = session.exec("echo started; sleep 30", Duration.ofSeconds(1));

        assertThat(r.timedOut()).isTrue();
        assertThat(r.stdout()).isEqualTo("started\n");
    }

    @Test
    void commandKilledBySignalIsReportedAsTheShellWould() throws IOException {
        ExecResult killed = session.exec("echo before; kill -9 $$", TEN_SECONDS);

        assertThat(killed.exitSignal()).isEqualTo("KILL");
        assertThat(killed.exitCode()).isEqualTo(137);
        assertThat(killed.killedBySignal()).isTrue();
        assertThat(killed.stdout()).isEqualTo("before\n");
        assertThat(killed.timedOut()).isFalse();

        ExecResult terminated = session.exec("kill -TERM $$", TEN_SECONDS);
        assertThat(terminated.exitSignal()).isEqualTo("TERM");
        assertThat(terminated.exitCode()).isEqualTo(143);
    }

    @Test
    void signalNamesMapToShellExitCodes() {
        assertThat(SshSession.shellExitCode("KILL")).isEqualTo(137);
        assertThat(SshSession.shellExitCode("SEGV")).isEqualTo(139);
        assertThat(SshSession.shellExitCode("INT")).isEqualTo(130);
        assertThat(SshSession.shellExitCode("SIGNAL@example.com")).isEqualTo(-1);
    }

    @Test
    void backgroundedProcessWithRedirectedOutputDoesNotHoldExec() throws IOException {
        Path log = dir.resolve("app.log");
        ExecResult r = session.exec("nohup sleep 30 > " + log + " 2>&1 < /dev/null & echo $!", TEN_SECONDS);

        assertThat(r.timedOut()).isFalse();
        assertThat(r.exitCode()).isZero();
        // generous: what matters is not waiting out the 30 s the background process lives
        assertThat(r.took()).isLessThan(Duration.ofSeconds(20));
        String pid = r.stdout().trim();
        assertThat(pid).matches("[0-9]+");
        assertThat(session.exec("kill -0 " + pid, TEN_SECONDS).exitCode()).as("still running").isZero();
        session.exec("kill " + pid, TEN_SECONDS);
    }

    @Test
    void standardInputIsAtEndOfFile() throws IOException {
        ExecResult r = session.exec("cat; echo done", Duration.ofSeconds(5));

        assertThat(r.timedOut()).as("cat must see EOF, not wait for input").isFalse();
        assertThat(r.stdout()).isEqualTo("done\n");
    }

    @Test
    void largeOutputArrivesWhole() throws IOException {
        ExecResult r = session.exec("head -c 3000000 /dev/zero | tr '\\0' x", TEN_SECONDS);

        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).hasSize(3_000_000).matches("x+");
    }

    @Test
    void manyCommandsOnOneSession() throws IOException {
        for (int i = 0; i < 20; i++) {
            assertThat(session.exec("echo " + i, TEN_SECONDS).stdout()).isEqualTo(i + "\n");
        }
    }

    @Test
    void lostConnectionWhileRunningIsAnError() throws Exception {
        TestKeys.KeyFile key = TestKeys.write(dir, "other.pem", TestKeys.Type.ED25519, 0600);
        try (TestSshServer doomed = TestSshServer.start(key.pair().getPublic(), dir.resolve("host-key-2"));
                SshConnector own = new SshConnector();
                SshSession s = own.connect(new SshTarget("127.0.0.1", doomed.port(), "ubuntu", key.path()),
                        TEN_SECONDS)) {
            CompletableFuture<ExecResult> running = CompletableFuture.supplyAsync(() -> {
                try {
                    return s.exec("sleep 20", Duration.ofSeconds(30));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Thread.sleep(500);
            doomed.stop();

            assertThatThrownBy(() -> running.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(java.io.UncheckedIOException.class)
                    .hasMessageContaining("Connection to 127.0.0.1 closed by remote host");
        }
    }
}

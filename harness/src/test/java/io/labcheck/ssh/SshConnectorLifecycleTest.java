package io.labcheck.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connector owns its MINA client and sessions: closing it leaves nothing behind. */
class SshConnectorLifecycleTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    /** Live threads of MINA clients (the test server's threads are named after SshServer). */
    private static Set<Thread> clientThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().contains("SshClient"))
                .collect(Collectors.toSet());
    }

    @Test
    void closingTheConnectorClosesItsSessionsAndStopsItsThreads() throws Exception {
        TestKeys.KeyFile key = TestKeys.write(dir, "my_app.pem", TestKeys.Type.ED25519, 0400);
        try (TestSshServer server = TestSshServer.start(key.pair().getPublic(), dir.resolve("host-key"))) {
            Set<Thread> before = clientThreads();
            SshConnector ssh = new SshConnector();
            SshTarget target = new SshTarget("127.0.0.1", server.port(), "ubuntu", key.path());
            SshSession first = ssh.connect(target, TIMEOUT);
            SshSession second = ssh.connect(target, TIMEOUT);
            first.exec("echo busy", TIMEOUT);
            second.upload(new byte[] {42}, dir.resolve("f").toString(), 0600, TIMEOUT);
            second.exec("sleep 5", Duration.ofMillis(300)); // leaves a timed-out command behind
            assertThat(ssh.openSessions()).isEqualTo(2);
            assertThat(clientThreads()).as("the client runs threads while open").isNotEmpty();

            ssh.close();

            assertThat(first.isOpen()).isFalse();
            assertThat(second.isOpen()).isFalse();
            assertThat(ssh.openSessions()).isZero();
            await("MINA client threads to end").atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(clientThreads()).isSubsetOf(before));
            assertThatThrownBy(() -> ssh.connect(target, TIMEOUT)).isInstanceOf(IllegalStateException.class);
            ssh.close(); // idempotent
        }
    }

    @Test
    void closingASessionForgetsIt() throws Exception {
        TestKeys.KeyFile key = TestKeys.write(dir, "my_app.pem", TestKeys.Type.RSA, 0600);
        try (TestSshServer server = TestSshServer.start(key.pair().getPublic(), dir.resolve("host-key"));
                SshConnector ssh = new SshConnector()) {
            SshSession s = ssh.connect(new SshTarget("127.0.0.1", server.port(), "ubuntu", key.path()), TIMEOUT);
            assertThat(ssh.openSessions()).isEqualTo(1);

            s.close();

            assertThat(s.isOpen()).isFalse();
            assertThat(ssh.openSessions()).isZero();
            assertThat(ssh.knownHosts().size()).isEqualTo(1);
        }
    }

    @Test
    void failedLoginsLeaveNoSessionOpen() throws Exception {
        TestKeys.KeyFile key = TestKeys.write(dir, "my_app.pem", TestKeys.Type.ED25519, 0600);
        TestKeys.KeyFile stranger = TestKeys.write(dir, "stranger.pem", TestKeys.Type.ED25519, 0600);
        try (TestSshServer server = TestSshServer.start(key.pair().getPublic(), dir.resolve("host-key"));
                SshConnector ssh = new SshConnector()) {
            for (int i = 0; i < 5; i++) {
                assertThatThrownBy(() -> ssh.connect(
                        new SshTarget("127.0.0.1", server.port(), "ubuntu", stranger.path()), TIMEOUT))
                        .isInstanceOf(SshFailure.class);
            }
            assertThat(ssh.openSessions()).isZero();
        }
    }
}

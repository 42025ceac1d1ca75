package io.labcheck.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The private key file: formats EC2 hands out, OpenSSH's permission rule, and unreadable files. */
class SshKeyFileTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    static Path dir;

    /**
     * One connector (one known_hosts) per test: each server has its own host key, and an ephemeral port the kernel
     * hands to a later test's server would otherwise be refused as a changed host key.
     */
    SshConnector ssh;

    @BeforeEach
    void start() {
        ssh = new SshConnector();
    }

    @AfterEach
    void stop() {
        ssh.close();
    }

    @ParameterizedTest
    @EnumSource(TestKeys.Type.class)
    void logsInWithTheKeyFormatsEc2HandsOut(TestKeys.Type type, @TempDir Path keyDir) throws Exception {
        TestKeys.KeyFile key = TestKeys.write(keyDir, "my_app.pem", type, 0400);
        assertThat(Files.readString(key.path())).startsWith(type.firstLine);

        try (TestSshServer server = TestSshServer.start(key.pair().getPublic(), keyDir.resolve("host-key"));
                SshSession s = ssh.connect(new SshTarget("127.0.0.1", server.port(), "ubuntu", key.path()), TIMEOUT)) {
            assertThat(s.exec("echo logged in", TIMEOUT).stdout()).isEqualTo("logged in\n");
        }
    }

    @Test
    void keyOpenToOthersIsRefusedWithOpenSshsWordingBeforeAnyConnection() throws Exception {
        TestKeys.KeyFile key = TestKeys.write(dir, "my_app.pem", TestKeys.Type.RSA, 0644);
        try (CountingListener listener = new CountingListener()) {
            SshTarget target = new SshTarget("127.0.0.1", listener.port(), "ubuntu", key.path());

            SshFailure failure = catchThrowableOfType(SshFailure.class, () -> ssh.connect(target, TIMEOUT));

            assertThat(failure.kind()).isEqualTo(SshFailure.Kind.KEY_PERMISSIONS);
            assertThat(failure).hasMessage("""
                    @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
                    @         WARNING: UNPROTECTED PRIVATE KEY FILE!          @
                    @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
                    Permissions 0644 for '%1$s' are too open.
                    It is required that your private key files are NOT accessible by others.
                    This private key will be ignored.
                    Load key "%1$s": bad permissions
                    ubuntu@127.0.0.1: Permission denied (publickey).""".formatted(key.path()));
            await("no TCP connection").during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                    .until(() -> listener.accepted() == 0);

            // The listener does see a real attempt: the same key with mode 0400 connects (and then gets no banner).
            TestKeys.chmod(key.path(), 0400);
            SshFailure noBanner = catchThrowableOfType(SshFailure.class,
                    () -> ssh.connect(target, Duration.ofMillis(700)));
            assertThat(noBanner.kind()).isEqualTo(SshFailure.Kind.PROTOCOL);
            await().atMost(Duration.ofSeconds(2)).until(() -> listener.accepted() == 1);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0640, 0604, 0600 | 0001, 0660, 0777})
    void anyGroupOrOtherBitIsTooOpen(int mode) throws Exception {
        TestKeys.KeyFile key = TestKeys.write(dir, "mode-" + Integer.toOctalString(mode) + ".pem",
                TestKeys.Type.ED25519, mode);

        SshFailure failure = catchThrowableOfType(SshFailure.class,
                () -> ssh.connect(new SshTarget("13.125.1.2", 22, "ubuntu", key.path()), TIMEOUT));

        assertThat(failure.kind()).isEqualTo(SshFailure.Kind.KEY_PERMISSIONS);
        assertThat(failure.getMessage())
                .contains("Permissions 0" + Integer.toOctalString(mode) + " for '" + key.path() + "' are too open.")
                .endsWith("ubuntu@13.125.1.2: Permission denied (publickey).");
    }

    @Test
    void keyInAnOpenDirectoryIsFineAsWithOpenSsh(@TempDir Path home) throws Exception {
        Path downloads = Files.createDirectory(home.resolve("Downloads"));
        TestKeys.chmod(downloads, 0755);
        TestKeys.KeyFile key = TestKeys.write(downloads, "my_app.pem", TestKeys.Type.RSA, 0400);
        // MINA's own check is stricter than OpenSSH here: it refuses because of the directory.
        assertThat(KeyUtils.validateStrictKeyFilePermissions(key.path())).isNotNull()
                .extracting(e -> e.getKey()).asString().startsWith("Parent permissions violation");

        try (TestSshServer server = TestSshServer.start(key.pair().getPublic(), home.resolve("host-key"));
                SshSession s = ssh.connect(new SshTarget("127.0.0.1", server.port(), "ubuntu", key.path()), TIMEOUT)) {
            assertThat(s.exec("true", TIMEOUT).succeeded()).isTrue();
        }
    }

    @Test
    void missingKeyFile() {
        Path missing = dir.resolve("nope.pem");

        SshFailure failure = catchThrowableOfType(SshFailure.class,
                () -> ssh.connect(new SshTarget("13.125.1.2", 22, "ubuntu", missing), TIMEOUT));

        assertThat(failure.kind()).isEqualTo(SshFailure.Kind.KEY_UNREADABLE);
        assertThat(failure).hasMessage("Warning: Identity file " + missing
                + " not accessible: No such file or directory.\nubuntu@13.125.1.2: Permission denied (publickey).");
    }

    @Test
    void fileThatIsNotAKeyNamesTheFileButNotItsContent() throws Exception {
        Path notAKey = dir.resolve("garbage.pem");
        String secretLooking = "-----BEGIN RSA PRIVATE KEY-----\nTUlJRXBBSUJBQUtDQVFFQXNlY3JldA==\n"
                + "-----END RSA PRIVATE KEY-----\n";
        TestKeys.writeText(notAKey, secretLooking, 0600);

        SshFailure failure = catchThrowableOfType(SshFailure.class,
                () -> ssh.connect(new SshTarget("13.125.1.2", 22, "ubuntu", notAKey), TIMEOUT));

        assertThat(failure.kind()).isEqualTo(SshFailure.Kind.KEY_UNREADABLE);
        assertThat(failure).hasMessage("Load key \"" + notAKey + "\": error in libcrypto\n"
                + "ubuntu@13.125.1.2: Permission denied (publickey).");
        for (Throwable t = failure; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain("TUlJRXBBSUJBQUtDQVFFQXNlY3JldA");
        }
    }

    @Test
    void openSshModeFormat() {
        assertThat(OpenSshMessages.octalMode(0644)).isEqualTo("0644");
        assertThat(OpenSshMessages.octalMode(0004)).isEqualTo("0004");
        assertThat(OpenSshMessages.octalMode(0100777)).isEqualTo("0777");
    }

    /** A TCP listener that only counts the connections it accepts. */
    static final class CountingListener implements AutoCloseable {
        private final ServerSocket socket;
        private final AtomicInteger accepted = new AtomicInteger();
        private final Thread acceptor;

        CountingListener() throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        accepted.incrementAndGet();
                        s.close();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "counting-listener");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        int accepted() {
            return accepted.get();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}

package io.labcheck.ssh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class's SSH login to a real MINA sshd on loopback, as ubuntu with a fresh key of the given type:
 * {@code @RegisterExtension static final LoggedIn LOGIN = LoggedIn.with(Type.RSA, timeout)}. The connector
 * and the server are closed after the class, also when a test failed half-way.
 */
final class LoggedIn implements BeforeAllCallback, AfterAllCallback {
    private final TestKeys.Type keyType;
    private final Duration timeout;
    private Path dir;
    private TestSshServer server;
    private SshConnector ssh;
    private SshSession session;

    private LoggedIn(TestKeys.Type keyType, Duration timeout) {
        this.keyType = keyType;
        this.timeout = timeout;
    }

    static LoggedIn with(TestKeys.Type keyType, Duration timeout) {
        return new LoggedIn(keyType, timeout);
    }

    SshSession session() {
        return session;
    }

    int port() {
        return server.port();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("labcheck-ssh-test-");
        TestKeys.KeyFile key = TestKeys.write(dir, "my_app.pem", keyType, 0400);
        server = TestSshServer.start(key.pair().getPublic(), dir.resolve("host-key"));
        ssh = new SshConnector();
        session = ssh.connect(new SshTarget("127.0.0.1", server.port(), "ubuntu", key.path()), timeout);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try (var files = Files.walk(dir)) {
            if (ssh != null) {
                ssh.close();
            }
            if (server != null) {
                server.close();
            }
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}

package io.labcheck.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.sshd.common.SshException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every way logging in fails, each with its kind and OpenSSH's wording. */
class SshLoginFailureTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    static Path dir;

    static TestKeys.KeyFile key;

    /**
     * One connector (one known_hosts) per test: each test's server has its own host key, and an ephemeral port the
     * kernel hands to a later test's server would otherwise be refused as a changed host key.
     */
    SshConnector ssh;

    @BeforeAll
    static void writeKey() throws Exception {
        key = TestKeys.write(dir, "my_app.pem", TestKeys.Type.ED25519, 0400);
    }

    @BeforeEach
    void start() {
        ssh = new SshConnector();
    }

    @AfterEach
    void stop() {
        ssh.close();
    }

    private static SshTarget local(int port, Path keyFile) {
        return new SshTarget("127.0.0.1", port, "ubuntu", keyFile);
    }

    private SshFailure failureOf(SshTarget target, Duration timeout) {
        return catchThrowableOfType(SshFailure.class, () -> ssh.connect(target, timeout));
    }

    @Test
    void wrongKeyIsDenied() throws Exception {
        TestKeys.KeyFile other = TestKeys.write(dir, "other.pem", TestKeys.Type.RSA, 0600);
        try (TestSshServer server = TestSshServer.start(key.pair().getPublic(), dir.resolve("hk-denied"))) {
            SshFailure failure = failureOf(local(server.port(), other.path()), TIMEOUT);

            assertThat(failure.kind()).isEqualTo(SshFailure.Kind.AUTH_DENIED);
            assertThat(failure).hasMessage("ubuntu@127.0.0.1: Permission denied (publickey).");
            assertThat(ssh.openSessions()).isZero();
        }
    }

    @Test
    void wrongUserIsDenied() throws Exception {
        try (TestSshServer server = TestSshServer.start(key.pair().getPublic(), dir.resolve("hk-user"))) {
            SshFailure failure = failureOf(new SshTarget("127.0.0.1", server.port(), "root", key.path()), TIMEOUT);

            assertThat(failure.kind()).isEqualTo(SshFailure.Kind.AUTH_DENIED);
            assertThat(failure).hasMessage("root@127.0.0.1: Permission denied (publickey).");
        }
    }

    @Test
    void deniedMessageListsTheMethodsTheServerOffers() throws Exception {
        TestKeys.KeyFile other = TestKeys.write(dir, "other2.pem", TestKeys.Type.ED25519, 0600);
        try (TestSshServer server = TestSshServer.startWithPasswords(key.pair().getPublic(), dir.resolve("hk-pw"))) {
            SshFailure failure = failureOf(local(server.port(), other.path()), TIMEOUT);

            assertThat(failure.kind()).isEqualTo(SshFailure.Kind.AUTH_DENIED);
            // The server's own list, in its order, as OpenSSH prints it.
            assertThat(failure).hasMessage(
                    "ubuntu@127.0.0.1: Permission denied (password,keyboard-interactive,publickey).");
        }
    }

    @Test
    void closedPortIsRefused() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        long start = System.nanoTime();

        SshFailure failure = failureOf(local(closedPort, key.path()), TIMEOUT);

        assertThat(failure.kind()).isEqualTo(SshFailure.Kind.CONNECTION_REFUSED);
        assertThat(failure).hasMessage("ssh: connect to host 127.0.0.1 port " + closedPort + ": Connection refused");
        // the kind says refused; the bound only says it did not wait out the 10 s timeout (generous for a loaded machine)
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.minusSeconds(2));
    }

    @Test
    void droppedSynIsAConnectTimeoutWithinTheBound() throws Exception {
        try (FullAcceptQueue silent = new FullAcceptQueue()) {
            long start = System.nanoTime();

            SshFailure failure = failureOf(local(silent.port(), key.path()), Duration.ofSeconds(1));

            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(failure.kind()).isEqualTo(SshFailure.Kind.CONNECT_TIMEOUT);
            assertThat(failure).hasMessage("ssh: connect to host 127.0.0.1 port " + silent.port()
                    + ": Connection timed out");
            assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofSeconds(3));
        }
    }

    /** The TCP connection's own bound: a dropped port costs it, not the login's; a login that answers is not cut by it. */
    @Test
    void aShortConnectBoundEndsADroppedPortWithoutCuttingALogin() throws Exception {
        try (FullAcceptQueue silent = new FullAcceptQueue()) {
            long start = System.nanoTime();
            SshFailure failure = catchThrowableOfType(SshFailure.class,
                    () -> ssh.connect(local(silent.port(), key.path()), Duration.ofSeconds(1), TIMEOUT));
            assertThat(failure.kind()).isEqualTo(SshFailure.Kind.CONNECT_TIMEOUT);
            // the kind says timed out; the bound only says it did not wait out the 10 s login bound (generous under load)
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.minusSeconds(4));
        }
        // authentication alone takes 3 s here, six times the TCP bound: the login still completes
        try (TestSshServer server = TestSshServer.startSlowToAuthenticate(key.pair().getPublic(),
                dir.resolve("hk-short-connect"), Duration.ofSeconds(3));
             SshSession session = ssh.connect(local(server.port(), key.path()), Duration.ofMillis(500), TIMEOUT)) {
            assertThat(session.exec("true", TIMEOUT).exitCode()).as("a login slower than the TCP bound").isZero();
        }
    }

    @Test
    void changedHostKeyIsRefusedAndForgettingItLetsTheNextLoginThrough() throws Exception {
        try (TestSshServer server = TestSshServer.start(key.pair().getPublic(), dir.resolve("hk-first"))) {
            SshTarget target = local(server.port(), key.path());
            ssh.connect(target, TIMEOUT).close();
            assertThat(ssh.knownHosts().get("127.0.0.1", server.port())).isPresent();

            server.restart(dir.resolve("hk-first")); // same host key: still trusted
            ssh.connect(target, TIMEOUT).close();

            server.restart(dir.resolve("hk-second")); // a new instance behind the same address and port
            SshFailure failure = failureOf(target, TIMEOUT);

            assertThat(failure.kind()).as("%s <- %s", failure.getMessage(), failure.getCause()).isEqualTo(SshFailure.Kind.HOST_KEY_CHANGED);
            String name = "[127.0.0.1]:" + server.port();
            assertThat(failure.getMessage())
                    .startsWith("""
                            @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
                            @    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @
                            @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
                            IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!
                            Someone could be eavesdropping on you right now (man-in-the-middle attack)!
                            It is also possible that a host key has just been changed.
                            The fingerprint for the""")
                    .containsPattern("key sent by the remote host is\nSHA256:[A-Za-z0-9+/]{43}\\.\n")
                    .contains("Please contact your system administrator.\n")
                    .endsWith("Host key for " + name + " has changed and you have requested strict checking.\n"
                            + "Host key verification failed.");
            assertThat(ssh.openSessions()).isZero();

            assertThat(ssh.knownHosts().forget("127.0.0.1", server.port())).isTrue(); // ssh-keygen -R
            try (SshSession s = ssh.connect(target, TIMEOUT)) {
                assertThat(s.exec("echo again", TIMEOUT).stdout()).isEqualTo("again\n");
            }
        }
    }

    @Test
    void knownHostsNamesFollowOpenSsh() {
        assertThat(KnownHosts.nameOf("13.125.1.2", 22)).isEqualTo("13.125.1.2");
        assertThat(KnownHosts.nameOf("127.0.0.1", 2222)).isEqualTo("[127.0.0.1]:2222");
    }

    @ParameterizedTest(name = "closed {0} ms after accepting")
    @ValueSource(ints = {0, 200})
    void connectionClosedBeforeTheBanner(int delayMillis) throws Exception {
        try (RawListener closer = new RawListener(s -> {
            sleep(delayMillis);
            s.close();
        })) {
            for (int i = 0; i < (delayMillis == 0 ? 25 : 1); i++) { // an immediate close races MINA's connect
                SshFailure failure = failureOf(local(closer.port(), key.path()), Duration.ofSeconds(5));

                assertThat(failure.kind()).isEqualTo(SshFailure.Kind.PROTOCOL);
                assertThat(failure).hasMessage("kex_exchange_identification: Connection closed by remote host\n"
                        + "Connection closed by 127.0.0.1 port " + closer.port());
            }
        }
    }

    @Test
    void connectionResetBeforeTheBanner() throws Exception {
        try (RawListener resetter = new RawListener(s -> {
            sleep(200);
            s.setSoLinger(true, 0);
            s.close();
        })) {
            SshFailure failure = failureOf(local(resetter.port(), key.path()), Duration.ofSeconds(5));

            assertThat(failure.kind()).isEqualTo(SshFailure.Kind.PROTOCOL);
            assertThat(failure).hasMessage("kex_exchange_identification: read: Connection reset by peer\n"
                    + "Connection reset by 127.0.0.1 port " + resetter.port());
        }
    }

    /**
     * A reset the moment the connection is accepted (a port proxy with nothing behind it) races MINA's connect and
     * its first writes. Almost always the reset itself is seen; rarely only a "Broken pipe" on a later write is,
     * which a plain close also causes, and which is therefore read as a close.
     */
    @Test
    void immediateResetIsAProtocolFailureBeforeTheBanner() throws Exception {
        try (RawListener resetter = new RawListener(s -> {
            s.setSoLinger(true, 0);
            s.close();
        })) {
            for (int i = 0; i < 25; i++) {
                SshFailure failure = failureOf(local(resetter.port(), key.path()), Duration.ofSeconds(5));

                assertThat(failure.kind()).isEqualTo(SshFailure.Kind.PROTOCOL);
                assertThat(failure.getMessage()).isIn(
                        "kex_exchange_identification: read: Connection reset by peer\n"
                                + "Connection reset by 127.0.0.1 port " + resetter.port(),
                        "kex_exchange_identification: Connection closed by remote host\n"
                                + "Connection closed by 127.0.0.1 port " + resetter.port());
            }
        }
    }

    private static void sleep(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void noBannerInTime() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (RawListener silent = new RawListener(held::add)) {
            long start = System.nanoTime();

            SshFailure failure = failureOf(local(silent.port(), key.path()), Duration.ofSeconds(1));

            assertThat(failure.kind()).isEqualTo(SshFailure.Kind.PROTOCOL);
            assertThat(failure).hasMessage("Connection timed out during banner exchange\n"
                    + "Connection to 127.0.0.1 port " + silent.port() + " timed out");
            // the 1 s bound was kept, not MINA's own longer ones (generous for a loaded machine)
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void causeChainsAreReadNotJustTheTopException() {
        SshTarget target = new SshTarget("13.125.1.2", 22, "ubuntu", key.path());
        assertThat(tcpKind(target, new ConnectException("Connection refused")))
                .isEqualTo(SshFailure.Kind.CONNECTION_REFUSED);
        assertThat(tcpKind(target, new ConnectException("Connection timed out"))) // the kernel's ETIMEDOUT
                .isEqualTo(SshFailure.Kind.CONNECT_TIMEOUT);
        ConnectException minaTimeout = new ConnectException("I/O connection time-out of 1000ms expired");
        minaTimeout.initCause(new java.util.concurrent.TimeoutException());
        assertThat(tcpKind(target, minaTimeout)).isEqualTo(SshFailure.Kind.CONNECT_TIMEOUT);
        assertThat(tcpKind(target, new SocketTimeoutException())).isEqualTo(SshFailure.Kind.CONNECT_TIMEOUT);

        SshFailure noRoute = ConnectFailures.tcp(target, new ConnectionTrace(),
                new SshException("wrapped", new NoRouteToHostException("No route to host")));
        assertThat(noRoute.kind()).isEqualTo(SshFailure.Kind.NO_ROUTE);
        assertThat(noRoute).hasMessage("ssh: connect to host 13.125.1.2 port 22: No route to host");

        SshFailure unknown = ConnectFailures.tcp(new SshTarget("no-such-host.invalid", 22, "ubuntu", key.path()),
                new ConnectionTrace(), new SshException("wrapped", new UnresolvedAddressException()));
        assertThat(unknown.kind()).isEqualTo(SshFailure.Kind.UNKNOWN_HOST);
        assertThat(unknown)
                .hasMessage("ssh: Could not resolve hostname no-such-host.invalid: Name or service not known");
    }

    private static SshFailure.Kind tcpKind(SshTarget target, Throwable cause) {
        return ConnectFailures.tcp(target, new ConnectionTrace(), new SshException("wrapped", cause)).kind();
    }

    /**
     * A listening socket whose accept queue is full (backlog 1, filled by our own connections): Linux then drops
     * further SYNs, so a client sees a real connect timeout, as with a security group without the rule.
     */
    static final class FullAcceptQueue implements AutoCloseable {
        private final ServerSocket socket;
        private final List<Socket> fillers = new ArrayList<>();

        FullAcceptQueue() throws IOException {
            socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            for (int i = 0; i < 10; i++) {
                Socket filler = new Socket();
                try {
                    filler.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port()), 300);
                    fillers.add(filler);
                } catch (SocketTimeoutException full) {
                    filler.close();
                    return; // this SYN was dropped: the queue is full
                }
            }
            close();
            throw new IllegalStateException("the accept queue never filled up; is tcp_abort_on_overflow set?");
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            for (Socket s : fillers) {
                s.close();
            }
            socket.close();
        }
    }

    /** Accepts TCP connections and hands each to {@code onAccept}; never speaks SSH. */
    static final class RawListener implements AutoCloseable {
        interface OnAccept {
            void accept(Socket s) throws IOException;
        }

        private final ServerSocket socket;

        RawListener(OnAccept onAccept) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        onAccept.accept(socket.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "raw-listener");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}

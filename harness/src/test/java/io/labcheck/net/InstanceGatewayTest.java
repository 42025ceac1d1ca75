package io.labcheck.net;

import static io.labcheck.net.NetFixtures.BACKEND;
import static io.labcheck.net.NetFixtures.ELSEWHERE;
import static io.labcheck.net.NetFixtures.connect;
import static io.labcheck.net.NetFixtures.gatewayThreads;
import static io.labcheck.net.NetFixtures.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.labcheck.net.NetFixtures.EchoServer;
import io.labcheck.net.NetFixtures.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway against real sockets: 127.0.0.2 stands for the instance's private address and a random
 * 127.77.x.y for its public one. Every check is on what a client sees: a timeout, a refusal, or bytes.
 */
@Timeout(60)
class InstanceGatewayTest {
    private static final Logger log = LoggerFactory.getLogger(InstanceGatewayTest.class);
    private static final Duration CONNECT = Duration.ofMillis(500);
    private static final String BODY = "hello from the instance";

    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private InetAddress pub;
    private int port;

    @BeforeEach
    void pickAddresses() throws IOException {
        pub = NetFixtures.randomPublicAddress();
        port = NetFixtures.freePort();
    }

    @AfterEach
    void release() throws Exception {
        Collections.reverse(cleanup);
        for (AutoCloseable c : cleanup) {
            c.close();
        }
    }

    // 1. DROP

    @Test
    void aPortWithoutARuleTimesOutEvenThoughTheAppListens() throws Exception {
        backend(BACKEND, port);
        InstanceGateway gw = gateway(new FakeInstance(), GatewayOptions.defaults(), port);
        assertThat(gw.mode(port)).isEqualTo(PortMode.DROP);
        log.info("DROP fill: {} dummy connections in {} ms", gw.trap(port).orElseThrow().dummies(),
                gw.trap(port).orElseThrow().fillTime().toMillis());

        for (int i = 0; i < 5; i++) { // the queue stays full: every attempt times out, none is refused
            long start = System.nanoTime();
            assertThatThrownBy(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(pub, port), (int) CONNECT.toMillis());
                }
            }).as("attempt %d", i).isInstanceOf(SocketTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(450));
        }
        assertThat(gw.mode(port)).isEqualTo(PortMode.DROP);
    }

    // 2. FORWARD

    @Test
    void anAllowedPortWithAListenerForwardsHttp() throws Exception {
        backend(BACKEND, port);
        InstanceGateway gw = gateway(new FakeInstance().allow(port), GatewayOptions.defaults(), port);
        assertThat(gw.mode(port)).isEqualTo(PortMode.FORWARD);

        var response = get(pub, port);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(BODY);
        assertThat(gatewayThreads(pub)).contains("labcheck-gw-" + pub.getHostAddress() + ":" + port);
    }

    @Test
    void aForwardedConnectionCarriesBothDirectionsAtOnceAndPassesTheHalfClose() throws Exception {
        track(new EchoServer(BACKEND, port));
        InstanceGateway gw = gateway(new FakeInstance().allow(port), GatewayOptions.defaults(), port);
        byte[] data = new byte[4 * 1024 * 1024];
        new Random(42).nextBytes(data);

        byte[] received;
        long start = System.nanoTime();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(pub, port), 1000);
            s.setSoTimeout(10_000);
            // writing 4 MiB while the echo comes back would deadlock unless both directions flow at once
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    s.getOutputStream().write(data);
                    s.shutdownOutput(); // the echo server writes its trailer only after seeing this EOF
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            received = s.getInputStream().readAllBytes();
            writer.get(10, TimeUnit.SECONDS);
        }
        log.info("4 MiB echoed through the gateway in {} ms", (System.nanoTime() - start) / 1_000_000);

        byte[] expected = new byte[data.length + EchoServer.TRAILER.length];
        System.arraycopy(data, 0, expected, 0, data.length);
        System.arraycopy(EchoServer.TRAILER, 0, expected, data.length, EchoServer.TRAILER.length);
        assertThat(received).hasSize(expected.length).isEqualTo(expected);
        await("the pipe to close once both sides ended").atMost(Duration.ofSeconds(2))
                .until(() -> gw.openConnections() == 0);
    }

    // 3. REFUSE, and the poll following the app

    @Test
    void anAppNotListeningOnThePrivateAddressIsRefusedAndThePortFollowsItStartingAndStopping() throws Exception {
        backend(ELSEWHERE, port); // listens, but not on the instance's address: the 127.0.0.1-bind mistake
        InstanceGateway gw = gateway(new FakeInstance().allow(port), GatewayOptions.defaults(), port);
        assertThat(gw.mode(port)).isEqualTo(PortMode.REFUSE);

        long start = System.nanoTime();
        assertThatThrownBy(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(pub, port), (int) CONNECT.toMillis());
            }
        }).isInstanceOf(ConnectException.class).hasMessageContaining("Connection refused");
        // a refusal, not a connect timeout: it came before the connect bound ran out
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(CONNECT);

        HttpServer app = HttpServer.create(new InetSocketAddress(BACKEND, port), 50);
        app.createContext("/", x -> {
            x.sendResponseHeaders(200, BODY.length());
            x.getResponseBody().write(BODY.getBytes(StandardCharsets.UTF_8));
            x.close();
        });
        app.start();
        long started = System.nanoTime();
        await("the port to forward after the app started").atMost(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> connect(pub, port, CONNECT) == Outcome.CONNECTED);
        long up = (System.nanoTime() - started) / 1_000_000;
        assertThat(gw.mode(port)).isEqualTo(PortMode.FORWARD);
        assertThat(get(pub, port).body()).isEqualTo(BODY);

        app.stop(0);
        long stopped = System.nanoTime();
        // while it flips, a connect can land in the closing listener's queue and be reset, as on a VM
        // whose app stops listening; only the final answer matters here
        await("the port to refuse after the app stopped").atMost(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(5)).ignoreExceptionsInstanceOf(SocketException.class)
                .until(() -> connect(pub, port, CONNECT) == Outcome.REFUSED);
        long down = (System.nanoTime() - stopped) / 1_000_000;
        assertThat(gw.mode(port)).isEqualTo(PortMode.REFUSE);
        log.info("mode flip seen by a client: REFUSE->FORWARD {} ms, FORWARD->REFUSE {} ms", up, down);
    }

    @Test
    void aBackendThatRefusesAtConnectTimeResetsTheClientAndThePortThenRefuses() throws Exception {
        HttpServer app = HttpServer.create(new InetSocketAddress(BACKEND, port), 50);
        app.start();
        InstanceGateway gw = gateway(new FakeInstance().allow(port), noPoll(), port);
        assertThat(gw.mode(port)).isEqualTo(PortMode.FORWARD);
        app.stop(0); // the gateway does not know yet: no poll

        // A VM would refuse the SYN; the gateway learns the backend is gone only after the kernel completed the
        // handshake, and answers with a reset. Where the client meets it depends on scheduling alone: on its first
        // read, or (on a loaded machine, the RST arriving before Java's connect has polled the socket) in connect
        // itself. Either way it is a reset, never data and never a hang.
        try (Socket s = new Socket()) {
            assertThatThrownBy(() -> {
                s.connect(new InetSocketAddress(pub, port), 1000);
                s.setSoTimeout(2000);
                s.getInputStream().read();
            }).isInstanceOf(SocketException.class).hasMessageContaining("Connection reset");
        }
        await("the connect-time surprise to flip the port").atMost(Duration.ofSeconds(1))
                .until(() -> gw.mode(port) == PortMode.REFUSE);
        assertThat(connect(pub, port, CONNECT)).isEqualTo(Outcome.REFUSED);
    }

    // 4. policy changes

    @Test
    void addingTheRuleAndRefreshingForwardsTheNextConnection() throws Exception {
        backend(BACKEND, port);
        FakeInstance cloud = new FakeInstance();
        InstanceGateway gw = gateway(cloud, GatewayOptions.defaults(), port);
        assertThat(connect(pub, port, CONNECT)).isEqualTo(Outcome.TIMEOUT);

        cloud.allow(port);
        gw.refresh();
        assertThat(gw.mode(port)).isEqualTo(PortMode.FORWARD);
        assertThat(get(pub, port).body()).isEqualTo(BODY);
    }

    @Test
    void revokingTheRuleAndRefreshingDropsNewConnectsButKeepsEstablishedOnes() throws Exception {
        track(new EchoServer(BACKEND, port));
        FakeInstance cloud = new FakeInstance().allow(port);
        InstanceGateway gw = gateway(cloud, GatewayOptions.defaults(), port);
        try (Socket established = new Socket()) {
            established.connect(new InetSocketAddress(pub, port), 1000);
            established.setSoTimeout(2000);
            assertThat(roundTrip(established, 'a')).isEqualTo('a');

            cloud.revoke(port);
            gw.refresh();
            assertThat(gw.mode(port)).isEqualTo(PortMode.DROP);
            assertThatThrownBy(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(pub, port), (int) CONNECT.toMillis());
                }
            }).isInstanceOf(SocketTimeoutException.class);
            // security groups are stateful: a tracked connection outlives the rule that let it in
            assertThat(roundTrip(established, 'b')).isEqualTo('b');
        }
    }

    @Test
    void aStoppedInstanceDropsEveryPortAndAStartedOneComesBack() throws Exception {
        int quiet = NetFixtures.freePort();
        backend(BACKEND, port);
        FakeInstance cloud = new FakeInstance().allow(port, quiet);
        InstanceGateway gw = gateway(cloud, GatewayOptions.defaults(), port, quiet);
        assertThat(gw.modes()).containsEntry(port, PortMode.FORWARD).containsEntry(quiet, PortMode.REFUSE);

        cloud.running = false;
        gw.refresh();
        assertThat(gw.modes().values()).containsOnly(PortMode.DROP);
        assertThat(connect(pub, port, CONNECT)).isEqualTo(Outcome.TIMEOUT);
        assertThat(connect(pub, quiet, CONNECT)).isEqualTo(Outcome.TIMEOUT);

        cloud.running = true;
        gw.refresh();
        assertThat(gw.modes()).containsEntry(port, PortMode.FORWARD).containsEntry(quiet, PortMode.REFUSE);
        assertThat(get(pub, port).body()).isEqualTo(BODY);
    }

    @Test
    void aConnectStillRetryingItsSynGetsThroughOnceTheRuleIsAdded() throws Exception {
        backend(BACKEND, port);
        FakeInstance cloud = new FakeInstance();
        InstanceGateway gw = gateway(cloud, GatewayOptions.defaults(), port);
        long start = System.nanoTime();
        CompletableFuture<Outcome> patient = CompletableFuture.supplyAsync(() -> {
            try {
                return connect(pub, port, Duration.ofSeconds(5));
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(300);
        cloud.allow(port);
        gw.refresh();
        assertThat(patient.get(6, TimeUnit.SECONDS)).isEqualTo(Outcome.CONNECTED);
        long took = (System.nanoTime() - start) / 1_000_000;
        log.info("a connect whose first SYN was dropped got through after {} ms (the SYN retransmission)", took);
        assertThat(took).as("the first SYN must have been dropped, not queued").isGreaterThanOrEqualTo(900);
    }

    @Test
    void aConnectionTheCloudNoLongerAllowsIsHeldInSilenceAndThePortThenDrops() throws Exception {
        backend(BACKEND, port);
        FakeInstance cloud = new FakeInstance().allow(port);
        InstanceGateway gw = gateway(cloud, noPoll().withHoldTimeout(Duration.ofSeconds(5)), port);
        cloud.revoke(port); // no refresh: the listener is still forwarding

        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(pub, port), 1000);
            s.setSoTimeout(500);
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        }
        await("the connect-time check to drop the port").atMost(Duration.ofSeconds(1))
                .until(() -> gw.mode(port) == PortMode.DROP);
        assertThat(connect(pub, port, CONNECT)).isEqualTo(Outcome.TIMEOUT);
    }

    @Test
    void thePolicyIsAskedAboutTheWorkstationAddressNotLoopback() throws Exception {
        backend(BACKEND, port);
        InetAddress workstation = NetFixtures.ip("203.0.113.7");
        FakeInstance myIpOnly = new FakeInstance().allow(port);
        myIpOnly.sources = workstation::equals;

        InstanceGateway gw = gateway(myIpOnly, GatewayOptions.defaults().withWorkstation(workstation), port);
        assertThat(gw.mode(port)).isEqualTo(PortMode.FORWARD);
        assertThat(get(pub, port).body()).isEqualTo(BODY);
        assertThat(new HashSet<>(myIpOnly.askedAbout)).containsExactly(workstation);
        assertThat(myIpOnly.askedAbout).hasSizeGreaterThanOrEqualTo(2); // before accepting, and at connect time

        InetAddress other = NetFixtures.randomPublicAddress();
        InstanceGateway plain = track(InstanceGateway.open(other, Set.of(port), myIpOnly));
        assertThat(plain.mode(port)).as("asked about 127.0.0.1, which the rule does not cover")
                .isEqualTo(PortMode.DROP);
        assertThat(myIpOnly.askedAbout).contains(NetFixtures.ip("127.0.0.1"));
    }

    @Test
    void aBackendThatAnswersNothingOrAnUnknownAddressDrops() throws Exception {
        track(DropTrap.open(new InetSocketAddress(BACKEND, port), Duration.ofMillis(150))); // a silent instance
        FakeInstance cloud = new FakeInstance().allow(port);
        InstanceGateway gw = gateway(cloud, GatewayOptions.defaults(), port);
        assertThat(gw.mode(port)).isEqualTo(PortMode.DROP);
        assertThat(connect(pub, port, CONNECT)).isEqualTo(Outcome.TIMEOUT);

        cloud.backendHost = null;
        gw.refresh();
        assertThat(gw.mode(port)).isEqualTo(PortMode.DROP);
    }

    @Test
    void whatListensBehindTheInstancesOwnFirewallIsProbedAndDropsWhenItDrops() throws Exception {
        // the socket table says the app listens; the instance's firewall drops its SYNs: a silent backend
        track(DropTrap.open(new InetSocketAddress(BACKEND, port), Duration.ofMillis(150)));
        FakeInstance cloud = new FakeInstance().allow(port);
        cloud.listening = true;
        InstanceGateway gw = gateway(cloud, GatewayOptions.defaults(), port);
        assertThat(gw.mode(port)).as("no firewall: the table is trusted, no connection made").isEqualTo(PortMode.FORWARD);

        cloud.filters = true;
        gw.refresh();
        assertThat(gw.mode(port)).as("a firewall: the probe meets its silence").isEqualTo(PortMode.DROP);
        assertThat(connect(pub, port, CONNECT)).isEqualTo(Outcome.TIMEOUT);
        Thread.sleep(300); // polls in between keep what the refresh learnt, without probing again
        assertThat(gw.mode(port)).isEqualTo(PortMode.DROP);

        cloud.filters = false;
        gw.refresh();
        assertThat(gw.mode(port)).as("the firewall off: the table again").isEqualTo(PortMode.FORWARD);
    }

    // 5. Elastic IP

    @Test
    void movingThePublicAddressLeavesTheOldOneRefusingAndTheNewOneForwarding() throws Exception {
        backend(BACKEND, port);
        InstanceGateway gw = gateway(new FakeInstance().allow(port), GatewayOptions.defaults(), port);
        assertThat(get(pub, port).body()).isEqualTo(BODY);

        InetAddress elastic = NetFixtures.randomPublicAddress();
        gw.moveTo(elastic);
        assertThat(gw.publicAddress()).isEqualTo(elastic);
        assertThat(connect(pub, port, CONNECT)).isEqualTo(Outcome.REFUSED);
        assertThat(get(elastic, port).body()).isEqualTo(BODY);
        String oldAcceptor = "labcheck-gw-" + pub.getHostAddress() + ":" + port;
        await("the old address's acceptor and poll threads to end").atMost(Duration.ofSeconds(2))
                .until(() -> gatewayThreads(pub).stream().noneMatch(t -> t.equals(oldAcceptor) || t.endsWith("-poll")));
        // the HTTP client's kept-alive connection through the old address is established: it stays up
        log.info("threads named after the old address after moveTo: {}", gatewayThreads(pub));
        assertThat(gatewayThreads(elastic)).contains("labcheck-gw-" + elastic.getHostAddress() + ":" + port,
                "labcheck-gw-" + elastic.getHostAddress() + "-poll");
    }

    // 6. close

    @Test
    void closeReleasesPortsConnectionsAndThreadsEvenMidTraffic() throws Exception {
        int dropped = NetFixtures.freePort();
        track(new EchoServer(BACKEND, port));
        InstanceGateway gw = InstanceGateway.open(pub, Set.of(port, dropped), new FakeInstance().allow(port));
        assertThat(gw.modes()).containsEntry(port, PortMode.FORWARD).containsEntry(dropped, PortMode.DROP);

        Socket client = track(new Socket());
        client.connect(new InetSocketAddress(pub, port), 1000);
        client.setSoTimeout(5000);
        CompletableFuture<Long> reader = CompletableFuture.supplyAsync(() -> drain(client));
        CompletableFuture.runAsync(() -> flood(client));
        await("traffic to flow").atMost(Duration.ofSeconds(2)).until(() -> gw.openConnections() == 1);

        long start = System.nanoTime();
        gw.close();
        log.info("close() mid-traffic took {} ms", (System.nanoTime() - start) / 1_000_000);
        assertThat(reader.get(2, TimeUnit.SECONDS)).as("bytes the client got before the cut").isPositive();

        for (int p : List.of(port, dropped)) {
            try (ServerSocket again = new ServerSocket(p, 50, pub)) {
                assertThat(again.getLocalPort()).isEqualTo(p);
            }
        }
        await("no gateway thread left").atMost(Duration.ofSeconds(2)).until(() -> gatewayThreads(pub).isEmpty());
        assertThat(gw.openConnections()).isZero();
        gw.close(); // idempotent
        assertThat(gw.mode(port)).isEqualTo(PortMode.REFUSE);
        assertThatThrownBy(gw::refresh).isInstanceOf(IllegalStateException.class);
    }

    // helpers

    private InstanceGateway gateway(FakeInstance cloud, GatewayOptions options, int... ports) {
        Set<Integer> set = new HashSet<>();
        for (int p : ports) {
            set.add(p);
        }
        return track(InstanceGateway.open(pub, set, cloud, options));
    }

    private static GatewayOptions noPoll() {
        return GatewayOptions.defaults().withPollInterval(Duration.ZERO);
    }

    private HttpServer backend(InetAddress at, int p) throws IOException {
        HttpServer server = NetFixtures.http(at, p, BODY);
        cleanup.add(() -> server.stop(0));
        return server;
    }

    private <T extends AutoCloseable> T track(T resource) {
        cleanup.add(resource);
        return resource;
    }

    private static char roundTrip(Socket s, char c) throws IOException {
        s.getOutputStream().write(c);
        return (char) s.getInputStream().read();
    }

    /** Reads until the connection ends (EOF or reset); returns how many bytes came. */
    private static long drain(Socket s) {
        long total = 0;
        byte[] buf = new byte[8192];
        try {
            InputStream in = s.getInputStream();
            for (int n; (n = in.read(buf)) >= 0; ) {
                total += n;
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the connection stayed open after close()", e);
        } catch (IOException reset) {
            // the cut
        }
        return total;
    }

    private static void flood(Socket s) {
        byte[] chunk = new byte[16 * 1024];
        try {
            OutputStream out = s.getOutputStream();
            while (true) {
                out.write(chunk);
            }
        } catch (IOException cut) {
            // expected once the gateway closes
        }
    }

}

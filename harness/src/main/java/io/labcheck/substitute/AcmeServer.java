package io.labcheck.substitute;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.awaitility.core.ConditionTimeoutException;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

import static org.awaitility.Awaitility.await;

/**
 * The certificate authority a lab's {@code certbot} reaches, standing in for Let's Encrypt: Pebble (Let's
 * Encrypt's own test server, from Debian) in the internet image. It runs in this machine's network, as the
 * internet does from an instance's point of view: it finds a domain through the public DNS and validates its
 * HTTP-01 challenge on port 80 of the address the record gives, through the same gateway a student's browser
 * goes through (so a closed port 80, a stopped nginx or a stale record fail the challenge, as they do for real).
 * Instances reach its directory at the engine's bridge gateway; its HTTPS certificate comes from the run's CA,
 * which they trust. Each start makes a new root, which {@link #rootPem()} gives (what a client trusts to
 * verify the certificates it issues).
 */
public final class AcmeServer implements AutoCloseable {
    private static final Duration READY_BOUND = Duration.ofSeconds(30);

    private final GenericContainer<?> container;
    private final String directoryUrl;
    private final String managementUrl;
    private final HttpClient http;
    /** Fixed for the life of the server: read once, not on every request from the workstation. */
    private volatile String root;

    private AcmeServer(GenericContainer<?> container, String directoryUrl, String managementUrl, HttpClient http) {
        this.container = container;
        this.directoryUrl = directoryUrl;
        this.managementUrl = managementUrl;
        this.http = http;
    }

    /**
     * Starts Pebble on {@code gateway} (an address of this machine the instances reach), resolving through
     * {@code dns}, its certificate from {@code ca}, labelled with {@code labels}.
     */
    public static AcmeServer start(String gateway, PublicDns dns, RunCa ca, Map<String, String> labels, String name) {
        int port = freePort(gateway);
        int management = freePort(gateway);
        RunCa.Issued cert;
        HttpClient http;
        try {
            cert = ca.issue(List.of(gateway));
            http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(ca.trusting())
                    .connectTimeout(Duration.ofSeconds(5)).build();
        } catch (IOException e) {
            throw new SubstituteException(e.getMessage(), e);
        }
        String config = "{\"pebble\": {\"listenAddress\": \"" + gateway + ":" + port + "\", \"managementListenAddress\": \""
                + gateway + ":" + management + "\", \"certificate\": \"/etc/labcheck/acme.crt\", \"privateKey\":"
                + " \"/etc/labcheck/acme.key\", \"httpPort\": 80, \"tlsPort\": 443, \"ocspResponderURL\": \"\","
                + " \"externalAccountBindingRequired\": false}}\n";
        Map<String, String> all = new HashMap<>(labels);
        all.put("org.labcheck.role", "acme");
        @SuppressWarnings("resource") // closed by close()
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(PublicDns.configuredImage()))
                .withImagePullPolicy(n -> false)
                .withCreateContainerCmdModifier(cmd -> {
                    cmd.withName(name).withEntrypoint("pebble", "-config", "/etc/labcheck/pebble.json",
                            "-dnsserver", dns.address() + ":53");
                    // this machine's network: the public addresses of instances are addresses here
                    cmd.getHostConfig().withNetworkMode("host");
                })
                // no random waits before validating, no nonces refused at random and no authorization reused at random
                // (Pebble reuses half of them by default): every order is validated against the domain as it is
                // now, as a renewal's dry run is against Let's Encrypt's staging, and a run is repeatable
                .withEnv(Map.of("PEBBLE_VA_NOSLEEP", "1", "PEBBLE_WFE_NONCEREJECT", "0", "PEBBLE_AUTHZREUSE", "0"))
                .withCopyToContainer(Transferable.of(config, 0644), "/etc/labcheck/pebble.json")
                .withCopyToContainer(Transferable.of(cert.certificatePem(), 0644), "/etc/labcheck/acme.crt")
                .withCopyToContainer(Transferable.of(cert.privateKeyPem(), 0600), "/etc/labcheck/acme.key")
                .withLabels(all)
                .waitingFor(new AbstractWaitStrategy() {
                    @Override
                    protected void waitUntilReady() {} // ready is its directory answering, awaited below
                });
        AcmeServer acme = new AcmeServer(container, "https://" + gateway + ":" + port + "/dir",
                "https://" + gateway + ":" + management, http);
        try {
            container.start();
            acme.awaitDirectory();
            return acme;
        } catch (RuntimeException e) {
            String log = container.getContainerId() == null ? "" : "; its log ends:\n" + tail(container.getLogs());
            container.stop();
            throw new SubstituteException("the ACME server (Pebble) did not start: " + e.getMessage() + log, e);
        }
    }

    private static int freePort(String address) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(address, 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new SubstituteException("no free port on " + address + " for the ACME server: " + e.getMessage(), e);
        }
    }

    private void awaitDirectory() {
        try {
            await("Pebble's ACME directory answering at " + directoryUrl).atMost(READY_BOUND)
                    .pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> get(directoryUrl).statusCode() == 200);
        } catch (ConditionTimeoutException e) {
            throw new SubstituteException("Pebble's ACME directory did not answer at " + directoryUrl + " within "
                    + READY_BOUND.toSeconds() + " s");
        }
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The ACME directory (what certbot's {@code server} is). */
    public String directoryUrl() {
        return directoryUrl;
    }

    /**
     * The {@code cli.ini} that points an instance's certbot here: certbot reads it from root's configuration
     * directory ({@code ~/.config/letsencrypt/cli.ini}) beside the package's own, so the student's command runs
     * unchanged. It also keeps the behaviour certbot has in a terminal: no random delay before a renewal.
     */
    public String certbotConfig() {
        return "# labcheck: Let's Encrypt is out of reach here; Pebble stands in for it (see labcheck's README)\n"
                + "server = " + directoryUrl + "\n"
                // certbot delays a renewal by up to 8 minutes when its stdin is no terminal (a cron job); a student
                // types it in a terminal, where it never does, but the run's commands have none
                + "no-random-sleep-on-renew = True\n";
    }

    /** The root that the certificates Pebble issues chain to, PEM (a new one each start). */
    public String rootPem() {
        String known = root;
        if (known != null) {
            return known;
        }
        try {
            HttpResponse<String> r = get(managementUrl + "/roots/0");
            if (r.statusCode() != 200) {
                throw new SubstituteException("Pebble's management API answered " + r.statusCode() + " for its root");
            }
            root = r.body();
            return root;
        } catch (IOException e) {
            throw new SubstituteException("Pebble's root could not be read: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SubstituteException("interrupted while reading Pebble's root", e);
        }
    }

    /** Pebble's log: its validations, for a report's evidence. */
    public String log() {
        return tail(container.getLogs());
    }

    private static String tail(String log) {
        return SubstituteImage.tail(log, 30);
    }

    @Override
    public void close() {
        container.stop();
    }
}

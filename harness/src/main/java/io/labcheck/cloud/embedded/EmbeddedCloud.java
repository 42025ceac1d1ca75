package io.labcheck.cloud.embedded;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;

import io.labcheck.cloud.Cloud;
import io.labcheck.cloud.CloudProvider;
import io.labcheck.cloud.CloudSettings;
import io.labcheck.cloud.CloudStartException;
import io.labcheck.cloud.RunTagging;

import java.net.BindException;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * The default cloud: an EC2 Query API emulator on 127.0.0.1, fronted by WireMock (which brings the
 * request journal and the HTTP faults of {@link ApiChaos}), reached by the real SDK client.
 */
public final class EmbeddedCloud implements Cloud {
    /** The account id the emulator reports as owner; AWS's documentation example account. */
    public static final String OWNER_ID = "123456789012";
    /** AWS's documented example key pair: what an open cloud's clients are told to use. Never real keys. */
    public static final String EXAMPLE_ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
    public static final String EXAMPLE_SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String DEFAULT_PUBLIC_RANGE = "127.77.0.0/16";
    private static final int API_PRIORITY = 100;
    /** How often transitions complete on their own (a booted VM turns running without being asked). */
    private static final java.time.Duration CLOCK_PERIOD = java.time.Duration.ofMillis(50);

    private final CloudSettings settings;
    private final Ec2Emulator emulator;
    private final WireMockServer server;
    private final RunTagging tagging;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile ApiChaos chaos;
    private volatile Ec2Client client;
    private volatile URI endpoint;
    private volatile InstanceLifecycle lifecycle = InstanceLifecycle.NONE;
    private final java.util.List<AutoCloseable> attachments = new java.util.concurrent.CopyOnWriteArrayList<>();

    private EmbeddedCloud(CloudSettings settings, Clock clock) {
        this.settings = settings;
        this.emulator = new Ec2Emulator(clock, settings.timings(), new AddressPool(DEFAULT_PUBLIC_RANGE), OWNER_ID,
                settings.region(), settings.accounts());
        this.server = new WireMockServer(options()
                .bindAddress(settings.bindAddress())
                .httpServerFactory(new ExactHeaders())
                .jettyAcceptors(1)
                .port(settings.port())
                .mappingSource(new NoMappings())
                .extensions(new Ec2Responder(emulator))
                .templatingEnabled(false)
                .globalTemplating(false)
                .extensionScanningEnabled(false)
                .gzipDisabled(true)
                .maxRequestJournalEntries(10_000)
                .notifier(new Slf4jNotifier(false)));
        this.tagging = new RunTagging(settings.runId());
    }

    /** Starts an embedded cloud; if any part fails, what was started is stopped before this throws. */
    public static EmbeddedCloud start(CloudSettings settings) {
        return start(settings, InstanceLifecycle.NONE);
    }

    /** Starts an embedded cloud whose instances are backed by {@code lifecycle} (containers, say). */
    public static EmbeddedCloud start(CloudSettings settings, InstanceLifecycle lifecycle) {
        return start(settings, Clock.systemUTC(), lifecycle);
    }

    static EmbeddedCloud start(CloudSettings settings, Clock clock, InstanceLifecycle lifecycle) {
        if (Catalog.region(settings.region()).isEmpty()) {
            throw new CloudStartException("the embedded cloud has no region '" + settings.region() + "': use one of "
                    + Catalog.REGIONS.stream().map(Catalog.Region::name).toList());
        }
        boolean loopbackOnly;
        try {
            loopbackOnly = settings.loopbackOnly();
        } catch (IllegalArgumentException e) {
            throw new CloudStartException("cannot listen on " + e.getMessage(), e);
        }
        if (settings.accounts().isOpen() && !loopbackOnly) {
            throw new CloudStartException("the embedded EC2 API would listen on " + settings.bindAddress()
                    + " and accept any credentials: anyone who reaches it could use it; give it accounts (each access"
                    + " key its own account, signatures checked) or keep it on 127.0.0.1");
        }
        EmbeddedCloud cloud = new EmbeddedCloud(settings, clock);
        cloud.emulator.lifecycle(lifecycle);
        cloud.lifecycle = lifecycle;
        try {
            cloud.emulator.startClock(CLOCK_PERIOD);
            cloud.startServer();
            return cloud;
        } catch (RuntimeException e) {
            cloud.close();
            throw e;
        }
    }

    private void startServer() {
        try {
            server.start();
        } catch (RuntimeException e) {
            if (hasCause(e, BindException.class)) {
                throw new CloudStartException("cannot listen on " + settings.bindAddress() + ":" + settings.port()
                        + " for the embedded EC2 API: the port is in use; pick another port or 0 for any free one", e);
            }
            throw new CloudStartException("the embedded EC2 API did not start: " + e.getMessage(), e);
        }
        server.stubFor(any(anyUrl()).atPriority(API_PRIORITY).willReturn(aResponse().withTransformers(Ec2Responder.NAME)));
        endpoint = URI.create("http://" + endpointHost(settings.bindAddress()) + ":" + server.port());
        chaos = new ApiChaos(server, emulator);
        client = newClient(ClientOverrideConfiguration.builder().addExecutionInterceptor(tagging).build());
    }

    /** Where clients reach the endpoint: the bound address, or this machine's own for a wildcard bind. */
    private static String endpointHost(String bindAddress) {
        try {
            java.net.InetAddress a = java.net.InetAddress.getByName(bindAddress);
            if (a.isAnyLocalAddress()) {
                return java.net.InetAddress.getLocalHost().getHostAddress();
            }
            return a instanceof java.net.Inet6Address ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
        } catch (java.net.UnknownHostException e) {
            return bindAddress;
        }
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A new SDK client for this endpoint with the caller's overrides (retry policy, interceptors), as the open cloud's
     * one account or, with accounts, as the first of them. The caller owns and closes it. It does not tag resources
     * with the run id.
     */
    public Ec2Client newClient(ClientOverrideConfiguration overrides) {
        requireStarted();
        AwsBasicCredentials credentials = settings.accounts().isOpen()
                // Any credentials are accepted; these are AWS's documented example keys, never real ones.
                ? AwsBasicCredentials.create(EXAMPLE_ACCESS_KEY, EXAMPLE_SECRET_KEY)
                : credentialsOf(settings.accounts().list().get(0));
        return newClient(overrides, credentials);
    }

    /** A new SDK client for this endpoint as {@code account}; the caller owns and closes it. */
    public Ec2Client newClient(Accounts.Account account) {
        return newClient(ClientOverrideConfiguration.builder().build(), credentialsOf(account));
    }

    private Ec2Client newClient(ClientOverrideConfiguration overrides, AwsBasicCredentials credentials) {
        requireStarted();
        return Ec2Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(settings.region()))
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .overrideConfiguration(overrides)
                .build();
    }

    private static AwsBasicCredentials credentialsOf(Accounts.Account account) {
        return AwsBasicCredentials.create(account.accessKeyId(), account.secretAccessKey());
    }

    private void requireStarted() {
        if (endpoint == null || closed.get()) {
            throw new IllegalStateException("the embedded cloud is " + (closed.get() ? "closed" : "not started"));
        }
    }

    /** The user an image's instances are logged in as ({@code ubuntu}, {@code ec2-user}), when the image is this cloud's. */
    public static java.util.Optional<String> loginUserOf(String imageId) {
        return Catalog.image(imageId).map(Catalog.Image::defaultUser);
    }

    @Override
    public CloudProvider provider() {
        return CloudProvider.EMBEDDED;
    }

    @Override
    public String region() {
        return settings.region();
    }

    @Override
    public String runId() {
        return settings.runId();
    }

    @Override
    public Ec2Client ec2() {
        requireStarted();
        return client;
    }

    @Override
    public Optional<URI> endpoint() {
        return Optional.ofNullable(endpoint);
    }

    /** HTTP-level chaos on this endpoint. */
    public ApiChaos api() {
        requireStarted();
        return chaos;
    }

    /** Closes {@code resource} when this cloud closes, after the API has stopped answering; last attached, first closed. */
    public void attach(AutoCloseable resource) {
        attachments.add(0, resource);
    }

    /** The attached resource of that type (the container hosts, say), if one is attached. */
    public <T> Optional<T> attachment(Class<T> type) {
        return attachments.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /** Runs {@code listener} after every change of the cloud's state (see the emulator's change events). */
    public void onChange(Runnable listener) {
        emulator.onChange(listener);
    }

    /** The public addresses catch up with the instances (their gateways poll what listens). */
    @Override
    public void settle() {
        if (!closed.get()) {
            lifecycle.settle();
        }
    }

    /** The instances of this cloud's region as the data plane sees them. */
    public java.util.List<InstanceView> instances() {
        return emulator.inspect(settings.region(), states -> states.stream().flatMap(r -> r.instances.values().stream()
                .map(i -> InstanceView.of(i, r))).toList());
    }

    public Optional<InstanceView> instance(String instanceId) {
        return emulator.inspect(settings.region(), states -> states.stream()
                .filter(r -> r.instances.containsKey(instanceId)).findFirst()
                .map(r -> InstanceView.of(r.instances.get(instanceId), r)));
    }

    /**
     * Whether a TCP connection from the internet host {@code source} reaches the instance's {@code port} through its
     * public address, read now, as EC2 decides each new connection: its subnet's route table must route to an
     * internet gateway attached to its VPC, and one of its security groups must admit the port from {@code source}.
     */
    public boolean admitsFromInternet(String instanceId, int port, java.net.InetAddress source) {
        return emulator.inspect(settings.region(), states -> states.stream()
                .filter(r -> r.instances.containsKey(instanceId)).findFirst().map(r -> {
                    InstanceRecord i = r.instances.get(instanceId);
                    return r.routedFromInternet(i, source)
                            && i.groupIds.stream().map(r.groups::get).filter(java.util.Objects::nonNull)
                                    .anyMatch(g -> g.allowsIngress("tcp", port, source));
                }).orElse(false));
    }

    public RunTagging tagging() {
        return tagging;
    }

    public CloudSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            emulator.stopClock();
            try {
                server.stop(); // also after a failed start: Jetty may hold threads and the port
            } catch (Exception e) { // Jetty rethrows checked exceptions unchecked after a failed start
                org.slf4j.LoggerFactory.getLogger(EmbeddedCloud.class).debug("stopping the embedded EC2 API", e);
            }
            for (AutoCloseable a : attachments) {
                try {
                    a.close();
                } catch (Exception e) {
                    org.slf4j.LoggerFactory.getLogger(EmbeddedCloud.class).warn("closing {} failed", a, e);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "embedded EC2 at " + (endpoint == null ? "(not started)" : endpoint) + " (" + settings.region() + ")";
    }
}

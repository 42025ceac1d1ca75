package io.labcheck.substitute;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.utility.DockerImageName;

import static org.awaitility.Awaitility.await;

/**
 * The substitute for PyPI: a local package index (fixtures/package-index) in a container, serving wheels it
 * builds on demand from Debian's python3-* packages (bookworm, and trixie where it is closer to a pin). Instances
 * find it through their {@code /etc/pip.conf} ({@link #pipConf()}); a pin no Debian version meets is served as
 * {@code <pin>+debian.<real version>}, and a requirement no Debian version meets is relaxed, each said in
 * {@link #served()}. pip never tells an index which version it wants, so whoever sees the {@code pip install}
 * command registers its requirements first ({@link #pin}).
 */
public final class PackageIndex implements AutoCloseable {
    public static final String DEFAULT_IMAGE = "labcheck/package-index:3";
    public static final String PROPERTY = "labcheck.package-index.image";
    public static final String ENV = "LABCHECK_PACKAGE_INDEX_IMAGE";
    /** Built wheels and unpacked .debs, kept across runs (keyed by Debian version and metadata, so never stale). */
    public static final String CACHE_VOLUME = "labcheck-package-index-cache";
    static final int PORT = 8080;
    /** apt-get update at start is bounded by the index itself (120 s); this bounds the whole wait. */
    private static final Duration READY_BOUND = Duration.ofSeconds(180);
    private static final Duration HTTP_BOUND = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GenericContainer<?> container;
    private final String address;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private volatile boolean ready;

    private PackageIndex(GenericContainer<?> container, String address) {
        this.container = container;
        this.address = address;
    }

    private static final SubstituteImage IMAGE = new SubstituteImage(
            "the package index image (the local stand-in for PyPI)", PROPERTY, ENV, DEFAULT_IMAGE, "package-index");

    /** The configured image name: -Dlabcheck.package-index.image, LABCHECK_PACKAGE_INDEX_IMAGE, else the default. */
    public static String configuredImage() {
        return IMAGE.configured();
    }

    /** Absent, it says how to build it; never pulled. */
    public static void requireImage(DockerClient docker, String image) {
        IMAGE.require(docker, image);
    }

    /**
     * Starts the index container with {@code labels} (the caller's run and owner labels, so its sweeps remove it
     * too). It answers at once; reading Debian's package lists takes a few seconds more, awaited by {@link #pin}.
     */
    public static PackageIndex start(DockerClient docker, Map<String, String> labels, String name) {
        String image = configuredImage();
        requireImage(docker, image);
        Map<String, String> all = new HashMap<>(labels);
        all.put("org.labcheck.role", "package-index");
        @SuppressWarnings("resource") // closed by close()
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image))
                .withImagePullPolicy(n -> false)
                .withCreateContainerCmdModifier(cmd -> {
                    cmd.withName(name);
                    cmd.getHostConfig().withBinds(new Bind(CACHE_VOLUME, new Volume("/var/cache/labcheck-index")));
                })
                .withLabels(all)
                .waitingFor(new AbstractWaitStrategy() {
                    @Override
                    protected void waitUntilReady() {} // ready is /health saying so, awaited by awaitReady
                });
        try {
            container.start();
            String ip = SubstituteImage.bridgeAddress(docker, container, "the package index container");
            return new PackageIndex(container, ip);
        } catch (RuntimeException e) {
            String log = container.getContainerId() == null ? "" : "; its log ends:\n" + tail(container.getLogs());
            container.stop();
            throw e instanceof SubstituteException s ? s
                    : new SubstituteException("the package index container did not start: " + e.getMessage() + log, e);
        }
    }

    /** The bridge address instances reach the index at. */
    public String address() {
        return address;
    }

    public String indexUrl() {
        return "http://" + address + ":" + PORT + "/simple/";
    }

    /**
     * What an instance's {@code /etc/pip.conf} says: pip's index is this one (plain HTTP on the bridge, so trusted),
     * and a longer timeout than pip's 15 s, because a wheel is built on its first request.
     */
    public String pipConf() {
        return "# labcheck: PyPI is unreachable here. pip's index is labcheck's package index, which serves wheels built\n"
                + "# from Debian's python3-* packages (a pin Debian cannot meet is relaxed, and reported).\n"
                + "[global]\nindex-url = " + indexUrl() + "\ntrusted-host = " + address + "\ntimeout = 60\n";
    }

    /** Waits, bounded, until the index has read Debian's package lists; fails at once if it says it cannot. */
    public void awaitReady() {
        if (ready) {
            return;
        }
        String what = "the package index at " + address + ":" + PORT + " to read Debian's package lists (apt-get update)";
        AtomicReference<String> failed = new AtomicReference<>();
        try {
            await(what).atMost(READY_BOUND).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
                    .failFast("the package index container exited", () -> !container.isRunning())
                    .failFast("the package index could not read Debian's package lists", () -> failed.get() != null)
                    .until(() -> {
                        Health h = health();
                        if (h.error != null) {
                            failed.set(h.error);
                        }
                        return h.ready;
                    });
            ready = true;
        } catch (TerminalFailureException e) {
            throw new SubstituteException(failed.get() != null ? "the package index cannot serve: " + failed.get()
                    : "the package index container exited; its log ends:\n" + tail(container.getLogs()), e);
        } catch (ConditionTimeoutException e) {
            throw new SubstituteException("no answer within " + READY_BOUND.toSeconds() + " s while waiting for " + what
                    + "; its log ends:\n" + tail(container.getLogs()), e);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    private record Health(@JsonProperty("ready") boolean ready, @JsonProperty("error") String error) {}

    private Health health() {
        try {
            return JSON.readValue(get("/health"), Health.class);
        } catch (IOException e) {
            return new Health(false, null); // not answering yet
        }
    }

    /** What the index took from a pin registration. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Pins(@JsonProperty("accepted") List<String> accepted, @JsonProperty("ignored") List<String> ignored) {}

    /**
     * Registers what the next {@code pip install} asks for (requirement lines: {@code fastapi==0.104.1},
     * {@code uvicorn[standard]}), after waiting for the index to be ready: a pin no Debian version meets gets a
     * stand-in version, and the extras asked for have their relaxations listed.
     */
    public Pins pin(List<String> requirementLines) {
        awaitReady();
        try {
            HttpRequest request = HttpRequest.newBuilder(uri("/pins")).timeout(HTTP_BOUND)
                    .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", requirementLines) + "\n")).build();
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new SubstituteException("the package index refused the pins " + requirementLines + ": HTTP "
                        + r.statusCode() + " " + r.body().strip());
            }
            return JSON.readValue(r.body(), Pins.class);
        } catch (IOException e) {
            throw new SubstituteException("cannot register pins with the package index at " + address + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SubstituteException("interrupted while registering pins with the package index", e);
        }
    }

    /** One wheel the index served: what was asked, what it really is, and what was changed to serve it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Served(@JsonProperty("seq") int seq, @JsonProperty("project") String project,
                         @JsonProperty("asked") String asked, @JsonProperty("served") String served,
                         @JsonProperty("debian_package") String debianPackage, @JsonProperty("suite") String suite,
                         @JsonProperty("debian_version") String debianVersion, @JsonProperty("relaxed") boolean relaxed,
                         @JsonProperty("changes") List<String> changes, @JsonProperty("repairs") List<String> repairs,
                         @JsonProperty("cached") boolean cached, @JsonProperty("seconds") double seconds) {
        /** One line for a report: the relaxations always, the repairs of Debian's metadata too. */
        public String describe() {
            return project + " " + served + " (asked: " + asked + ") <- Debian's " + debianPackage + " " + debianVersion
                    + " (" + suite + ")" + (relaxed ? "; relaxed: " + String.join("; ", changes) : "; not relaxed")
                    + (repairs == null || repairs.isEmpty() ? "" : "; repaired: " + String.join("; ", repairs));
        }
    }

    /** Every wheel served so far, in order. */
    public List<Served> served() {
        return served(0);
    }

    /** The wheels served after the first {@code since}. */
    public List<Served> served(int since) {
        try {
            return JSON.readValue(get("/served?since=" + since), new TypeReference<List<Served>>() {});
        } catch (IOException e) {
            throw new SubstituteException("cannot read what the package index at " + address + " served: " + e.getMessage(), e);
        }
    }

    private String get(String path) throws IOException {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(path)).timeout(HTTP_BOUND).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException("HTTP " + r.statusCode() + " for " + path + ": " + r.body().strip());
            }
            return r.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://" + address + ":" + PORT + path);
    }

    private static String tail(String log) {
        return SubstituteImage.tail(log, 20);
    }

    /** Removes the container (the cache volume stays, as a package cache does). */
    @Override
    public void close() {
        container.stop();
    }
}

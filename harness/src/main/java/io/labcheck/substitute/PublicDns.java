package io.labcheck.substitute;

import com.github.dockerjava.api.DockerClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.awaitility.core.ConditionTimeoutException;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.utility.DockerImageName;

import static org.awaitility.Awaitility.await;

/**
 * The public DNS a lab's domain lives in, standing in for its registrar's name servers: dnsmasq (from Debian,
 * in the internet image) on the engine's bridge, answering the A records the lab's DNS console set and
 * forwarding every other name to this machine's own resolver, so an instance that uses it still reaches
 * Debian's mirror. Instances use it as their resolver (their {@code /etc/resolv.conf}), as an EC2 instance
 * uses its VPC's; Pebble uses it to find the addresses it validates. A record keeps the address it was given
 * until the lab sets it again: after a stop/start it is stale, as a real one is.
 */
public final class PublicDns implements AutoCloseable {
    public static final String DEFAULT_IMAGE = "labcheck/internet:1";
    public static final String PROPERTY = "labcheck.internet.image";
    public static final String ENV = "LABCHECK_INTERNET_IMAGE";
    private static final String HOSTS = "/etc/labcheck/zone.hosts";
    private static final String SERVERS = "/etc/labcheck/zone.servers";
    private static final Duration READY_BOUND = Duration.ofSeconds(20);

    /** One A record: {@code name} (fully qualified, no trailing dot) to {@code address}. */
    public record Record(String name, String address) {}

    private final GenericContainer<?> container;
    private final String address;
    /** name -> address, in the order first set. */
    private final Map<String, String> records = new LinkedHashMap<>();
    private final List<String> zones = new ArrayList<>();

    private PublicDns(GenericContainer<?> container, String address) {
        this.container = container;
        this.address = address;
    }

    private static final SubstituteImage IMAGE = new SubstituteImage("the internet image (public DNS and an ACME"
            + " authority standing in for the internet)", PROPERTY, ENV, DEFAULT_IMAGE, "internet");

    /** The configured image: -Dlabcheck.internet.image, LABCHECK_INTERNET_IMAGE, else the default. */
    public static String configuredImage() {
        return IMAGE.configured();
    }

    /** Absent, it says how to build it; never pulled. */
    public static void requireImage(DockerClient docker, String image) {
        IMAGE.require(docker, image);
    }

    /** Starts dnsmasq in its own container, labelled with {@code labels} (the run's, so its sweeps remove it). */
    public static PublicDns start(DockerClient docker, Map<String, String> labels, String name) {
        String image = configuredImage();
        requireImage(docker, image);
        Map<String, String> all = new HashMap<>(labels);
        all.put("org.labcheck.role", "public-dns");
        @SuppressWarnings("resource") // closed by close()
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image))
                .withImagePullPolicy(n -> false)
                .withCreateContainerCmdModifier(cmd -> cmd.withName(name).withEntrypoint("sh", "-c",
                        // the files exist before dnsmasq reads them; it rereads both on SIGHUP
                        ": > " + HOSTS + " && : > " + SERVERS + " && exec dnsmasq --keep-in-foreground --user=root"
                                + " --no-hosts --addn-hosts=" + HOSTS + " --servers-file=" + SERVERS
                                + " --local-ttl=60 --log-queries --log-facility=-"))
                .withLabels(all)
                .waitingFor(new AbstractWaitStrategy() {
                    @Override
                    protected void waitUntilReady() {} // ready is dnsmasq answering, awaited below
                });
        try {
            container.start();
            String ip = SubstituteImage.bridgeAddress(docker, container, "the public DNS container");
            PublicDns dns = new PublicDns(container, ip);
            dns.awaitAnswering();
            return dns;
        } catch (RuntimeException e) {
            String log = container.getContainerId() == null ? "" : "; its log ends:\n" + tail(container.getLogs());
            container.stop();
            throw e instanceof SubstituteException s ? new SubstituteException(s.getMessage() + log, s)
                    : new SubstituteException("the public DNS container did not start: " + e.getMessage() + log, e);
        }
    }

    private void awaitAnswering() {
        try {
            await("dnsmasq in the public DNS container answering a query for localhost").atMost(READY_BOUND)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> exec("dig +time=1 +tries=1 @127.0.0.1 localhost >/dev/null").getExitCode() == 0);
        } catch (ConditionTimeoutException e) {
            throw new SubstituteException("the public DNS (dnsmasq) did not answer within " + READY_BOUND.toSeconds() + " s");
        }
    }

    /** The address instances and Pebble send their queries to (port 53). */
    public String address() {
        return address;
    }

    /**
     * Sets the A record of {@code name} to {@code ipv4} (replacing what it held) and makes {@code zone} answered
     * here alone: a name in it with no record is "no such name", not a question sent on to the internet.
     */
    public synchronized void setA(String zone, String name, String ipv4) {
        String fqdn = name.toLowerCase(java.util.Locale.ROOT).replaceFirst("\\.$", "");
        if (!ipv4.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            throw new SubstituteException("an A record holds an IPv4 address; '" + ipv4 + "' is none (record " + fqdn + ")");
        }
        if (!fqdn.matches("[a-z0-9]([a-z0-9.-]*[a-z0-9])?")) {
            throw new SubstituteException("'" + name + "' is no host name a DNS record can hold");
        }
        String z = zone.toLowerCase(java.util.Locale.ROOT).replaceFirst("\\.$", "");
        if (!zones.contains(z)) {
            zones.add(z);
        }
        records.put(fqdn, ipv4);
        StringBuilder hosts = new StringBuilder();
        records.forEach((n, a) -> hosts.append(a).append(' ').append(n).append('\n'));
        StringBuilder servers = new StringBuilder();
        zones.forEach(zz -> servers.append("server=/").append(zz).append("/\n"));
        ExecResult r = exec("printf '%s' '" + hosts + "' > " + HOSTS + ".new && mv " + HOSTS + ".new " + HOSTS
                + " && printf '%s' '" + servers + "' > " + SERVERS + ".new && mv " + SERVERS + ".new " + SERVERS
                + " && kill -HUP 1");
        if (r.getExitCode() != 0) {
            throw new SubstituteException("could not set " + fqdn + " A " + ipv4 + " in the public DNS: " + r.getStderr().strip());
        }
        // dnsmasq rereads its files on the signal, asynchronously: the record holds once it answers with it
        try {
            await("the public DNS answering " + fqdn + " with " + ipv4).atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> exec("dig +short +time=1 +tries=1 @127.0.0.1 " + fqdn + " A").getStdout().strip().equals(ipv4));
        } catch (ConditionTimeoutException e) {
            throw new SubstituteException("the public DNS did not answer " + fqdn + " with " + ipv4 + " within 5 s after"
                    + " the record was set");
        }
    }

    /** Gives the existing record of {@code name} the address {@code ipv4}, in the zone it was set in. */
    public synchronized void repoint(String name, String ipv4) {
        String fqdn = name.toLowerCase(java.util.Locale.ROOT).replaceFirst("\\.$", "");
        if (!records.containsKey(fqdn)) {
            throw new SubstituteException("the public DNS has no record of " + fqdn + " to change (it has " + records.keySet() + ")");
        }
        String zone = zones.stream().filter(z -> fqdn.equals(z) || fqdn.endsWith("." + z)).findFirst().orElseThrow();
        setA(zone, fqdn, ipv4);
    }

    /** The address {@code name} has in the zone, if it has one. */
    public synchronized Optional<String> lookup(String name) {
        return Optional.ofNullable(records.get(name.toLowerCase(java.util.Locale.ROOT).replaceFirst("\\.$", "")));
    }

    public synchronized List<Record> records() {
        List<Record> out = new ArrayList<>();
        records.forEach((n, a) -> out.add(new Record(n, a)));
        return out;
    }

    /** The queries dnsmasq answered, as its log shows them (for a report's evidence). */
    public String queryLog() {
        return tail(container.getLogs());
    }

    private ExecResult exec(String script) {
        try {
            return container.execInContainer("sh", "-c", script);
        } catch (java.io.IOException e) {
            throw new SubstituteException("the public DNS container could not be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SubstituteException("interrupted while talking to the public DNS container", e);
        }
    }

    private static String tail(String log) {
        return SubstituteImage.tail(log, 20);
    }

    @Override
    public void close() {
        container.stop();
    }
}

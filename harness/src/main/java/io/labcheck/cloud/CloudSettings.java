package io.labcheck.cloud;

import io.labcheck.cloud.embedded.Accounts;
import io.labcheck.cloud.embedded.InstanceTimings;

import java.util.Objects;
import java.util.UUID;

/**
 * How to bring up a cloud. Immutable; {@code with*} methods return changed copies.
 *
 * @param provider        which control plane
 * @param region          the region the SDK signs for (the labs use ap-northeast-2)
 * @param timings         how long the embedded cloud's transitions take
 * @param port            the embedded endpoint's port on 127.0.0.1 (0: any free port)
 * @param localStackImage the LocalStack image to run (never pulled)
 * @param runId           tags every resource this run creates
 * @param hosts           what backs the embedded cloud's instances
 * @param bindAddress     the address the embedded endpoint listens on (127.0.0.1 unless a classroom reaches it)
 * @param accounts        who may call the embedded cloud: anyone as one account, or accounts with checked signatures
 */
public record CloudSettings(CloudProvider provider, String region, InstanceTimings timings, int port,
                            String localStackImage, String runId, HostKind hosts, String bindAddress,
                            Accounts accounts) {

    public static final String DEFAULT_REGION = "ap-northeast-2";
    public static final String LOOPBACK = "127.0.0.1";
    public static final String DEFAULT_LOCALSTACK_IMAGE = "localstack/localstack:4.4";

    public CloudSettings {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(timings, "timings");
        Objects.requireNonNull(localStackImage, "localStackImage");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(hosts, "hosts");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(accounts, "accounts");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 (any free port) and 65535, got " + port);
        }
    }

    public static CloudSettings defaults() {
        return new CloudSettings(CloudProvider.EMBEDDED, DEFAULT_REGION, InstanceTimings.instant(), 0,
                System.getProperty("labcheck.localstack.image",
                        envOr("LABCHECK_LOCALSTACK_IMAGE", DEFAULT_LOCALSTACK_IMAGE)),
                newRunId(), HostKind.NONE, LOOPBACK, Accounts.open());
    }

    public static String newRunId() {
        return "lc-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public CloudSettings withProvider(CloudProvider p) {
        return new CloudSettings(p, region, timings, port, localStackImage, runId, hosts, bindAddress, accounts);
    }

    public CloudSettings withRegion(String r) {
        return new CloudSettings(provider, r, timings, port, localStackImage, runId, hosts, bindAddress, accounts);
    }

    public CloudSettings withTimings(InstanceTimings t) {
        return new CloudSettings(provider, region, t, port, localStackImage, runId, hosts, bindAddress, accounts);
    }

    public CloudSettings withPort(int p) {
        return new CloudSettings(provider, region, timings, p, localStackImage, runId, hosts, bindAddress, accounts);
    }

    public CloudSettings withLocalStackImage(String image) {
        return new CloudSettings(provider, region, timings, port, image, runId, hosts, bindAddress, accounts);
    }

    public CloudSettings withRunId(String id) {
        return new CloudSettings(provider, region, timings, port, localStackImage, id, hosts, bindAddress, accounts);
    }

    public CloudSettings withHosts(HostKind h) {
        return new CloudSettings(provider, region, timings, port, localStackImage, runId, h, bindAddress, accounts);
    }

    /** Listens on {@code address}; anything but loopback needs accounts, so that strangers cannot use the cloud. */
    public CloudSettings withBindAddress(String address) {
        return new CloudSettings(provider, region, timings, port, localStackImage, runId, hosts, address, accounts);
    }

    /**
     * Whether the endpoint listens only where this machine alone reaches it (a loopback address).
     *
     * @throws IllegalArgumentException when the bind address is no address at all
     */
    public boolean loopbackOnly() {
        try {
            return java.net.InetAddress.getByName(bindAddress).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(bindAddress + " is not an address of this machine", e);
        }
    }

    public CloudSettings withAccounts(Accounts a) {
        return new CloudSettings(provider, region, timings, port, localStackImage, runId, hosts, bindAddress, a);
    }

    static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}

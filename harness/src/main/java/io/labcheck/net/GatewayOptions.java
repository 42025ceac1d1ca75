package io.labcheck.net;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How an {@link InstanceGateway} decides and how long it waits for each thing.
 *
 * @param workstation     the client address the policy is asked about. Every client here connects from
 *                        loopback, and a DROP has to be decided before any connection is accepted, so a
 *                        security group that allows only "my IP" needs this set to that IP. Empty: before
 *                        accepting, ask about 127.0.0.1 (what a local client's source address is); for an
 *                        accepted connection, ask about its real source address.
 * @param pollInterval    how often each allowed port's backend is probed, so FORWARD and REFUSE follow the
 *                        app starting and stopping without a {@code refresh()}; {@link Duration#ZERO} turns
 *                        the poll off
 * @param probeTimeout    the connect timeout of one liveness probe
 * @param connectTimeout  the connect timeout to the backend for an accepted connection
 * @param dropFillTimeout how long a dummy connect may take before the accept queue counts as full
 * @param holdTimeout     how long an accepted connection that the cloud no longer allows is held in
 *                        silence (the nearest thing to a drop once the handshake is done) before it is reset
 */
public record GatewayOptions(Optional<InetAddress> workstation, Duration pollInterval, Duration probeTimeout,
        Duration connectTimeout, Duration dropFillTimeout, Duration holdTimeout) {

    public GatewayOptions {
        Objects.requireNonNull(workstation, "workstation");
        requireNonNegative(pollInterval, "pollInterval");
        requirePositive(probeTimeout, "probeTimeout");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(dropFillTimeout, "dropFillTimeout");
        requirePositive(holdTimeout, "holdTimeout");
    }

    /** 100 ms poll and probe, 1 s backend connect, 150 ms fill confirmation, 30 s hold. */
    public static GatewayOptions defaults() {
        return new GatewayOptions(Optional.empty(), Duration.ofMillis(100), Duration.ofMillis(100),
                Duration.ofSeconds(1), Duration.ofMillis(150), Duration.ofSeconds(30));
    }

    public GatewayOptions withWorkstation(InetAddress address) {
        return new GatewayOptions(Optional.of(address), pollInterval, probeTimeout, connectTimeout,
                dropFillTimeout, holdTimeout);
    }

    public GatewayOptions withPollInterval(Duration interval) {
        return new GatewayOptions(workstation, interval, probeTimeout, connectTimeout, dropFillTimeout,
                holdTimeout);
    }

    public GatewayOptions withProbeTimeout(Duration timeout) {
        return new GatewayOptions(workstation, pollInterval, timeout, connectTimeout, dropFillTimeout,
                holdTimeout);
    }

    public GatewayOptions withConnectTimeout(Duration timeout) {
        return new GatewayOptions(workstation, pollInterval, probeTimeout, timeout, dropFillTimeout,
                holdTimeout);
    }

    public GatewayOptions withDropFillTimeout(Duration timeout) {
        return new GatewayOptions(workstation, pollInterval, probeTimeout, connectTimeout, timeout, holdTimeout);
    }

    public GatewayOptions withHoldTimeout(Duration timeout) {
        return new GatewayOptions(workstation, pollInterval, probeTimeout, connectTimeout, dropFillTimeout,
                timeout);
    }

    private static void requireNonNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " cannot be negative, got " + d);
        }
    }

    private static void requirePositive(Duration d, String name) {
        requireNonNegative(d, name);
        if (d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }
}

package io.labcheck.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * What the cloud says about one instance, read at decision time: on {@link InstanceGateway#refresh()},
 * and again for every accepted connection. Called from the gateway's threads, so it must be thread-safe,
 * and quick, since a port's decision waits for it.
 */
public interface InstancePolicy {

    /** False: every port drops, as an unreachable VM's do. */
    boolean running();

    /** The security-group check for a TCP connection to {@code port} from {@code from}. */
    boolean allows(int port, InetAddress from);

    /** Where the instance's port is now (its private address), empty if unknown: then the port drops. */
    Optional<InetSocketAddress> backend(int port);

    /**
     * Whether something listens at the instance's {@code port}, known without connecting to it (from its socket
     * table); empty when the policy cannot tell, and the gateway probes with a connect instead.
     */
    default Optional<Boolean> listening(int port) {
        return Optional.empty();
    }

    /**
     * Whether the instance's own firewall may keep out what listens (ufw on): then its socket table does not say what
     * a connection meets, and the gateway connects to learn it, at each refresh (a probe is a connection the instance
     * sees: never at the poll's pace).
     */
    default boolean filtersIncoming() {
        return false;
    }
}

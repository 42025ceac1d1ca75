package io.labcheck.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.function.Function;

/** What the cloud says about one port at one moment: the input to the mode decision, apart from liveness. */
record PolicyView(boolean running, boolean allowed, Optional<InetSocketAddress> backend) {

    static PolicyView read(InstancePolicy policy, int port, InetAddress from) {
        if (!policy.running()) {
            return new PolicyView(false, false, Optional.empty());
        }
        return new PolicyView(true, policy.allows(port, from), policy.backend(port));
    }

    /** True when packets would reach the instance's port, so what happens next is up to the instance. */
    boolean reachable() {
        return running && allowed && backend.isPresent();
    }

    /** The decision. The probe is only run for a reachable port: a dropped port never touches the backend. */
    PortMode decide(Function<InetSocketAddress, Liveness> probe) {
        if (!reachable()) {
            return PortMode.DROP;
        }
        return switch (probe.apply(backend.get())) {
            case ACCEPTS -> PortMode.FORWARD;
            case REFUSES -> PortMode.REFUSE;
            case SILENT -> PortMode.DROP; // the address answers nothing: outside, that is a timeout too
        };
    }
}

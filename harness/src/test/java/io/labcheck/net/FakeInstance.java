package io.labcheck.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** A mutable stand-in for the cloud's view of one instance; records whom it was asked about. */
final class FakeInstance implements InstancePolicy {
    volatile boolean running = true;
    volatile InetAddress backendHost = NetFixtures.BACKEND;
    volatile Predicate<InetAddress> sources = from -> true;
    final Set<Integer> allowed = ConcurrentHashMap.newKeySet();
    /** What the instance's socket table says of every port; null: it cannot be read, and the gateway probes. */
    volatile Boolean listening;
    /** Whether the instance's own firewall may keep out what listens. */
    volatile boolean filters;
    final List<InetAddress> askedAbout = new CopyOnWriteArrayList<>();

    FakeInstance allow(int... ports) {
        for (int p : ports) {
            allowed.add(p);
        }
        return this;
    }

    FakeInstance revoke(int port) {
        allowed.remove(port);
        return this;
    }

    @Override
    public boolean running() {
        return running;
    }

    @Override
    public boolean allows(int port, InetAddress from) {
        askedAbout.add(from);
        return allowed.contains(port) && sources.test(from);
    }

    @Override
    public Optional<Boolean> listening(int port) {
        return Optional.ofNullable(listening);
    }

    @Override
    public boolean filtersIncoming() {
        return filters;
    }

    @Override
    public Optional<InetSocketAddress> backend(int port) {
        InetAddress host = backendHost;
        return host == null ? Optional.empty() : Optional.of(new InetSocketAddress(host, port));
    }
}

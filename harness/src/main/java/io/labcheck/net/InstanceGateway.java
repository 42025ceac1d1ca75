package io.labcheck.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public address of one simulated instance. Each of its ports behaves from outside as it would on
 * AWS ({@link PortMode}): forwarded to the instance's private address when the security group allows it
 * and something listens there, refused when allowed but nothing listens, dropped (a connect timeout)
 * otherwise.
 *
 * <p>The policy is read on {@link #open}, on {@link #refresh()} (call it after a security-group, instance
 * state or address change) and for every accepted connection. In between, a small poll re-probes the
 * backends of allowed ports, so a port follows the app starting and stopping by itself.
 */
public final class InstanceGateway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InstanceGateway.class);
    /** Whom to ask the policy about before accepting: a local client's source address. */
    private static final InetAddress LOCAL_CLIENT = loopback();
    private static final Duration CLOSE_BOUND = Duration.ofSeconds(2);

    private final Object lock = new Object(); // serialises every mode change
    private final SortedSet<Integer> ports;
    private final InstancePolicy policy;
    private final GatewayOptions options;
    private final Workers workers = new Workers();
    private final LiveConnections live = new LiveConnections();
    private final ScheduledThreadPoolExecutor timer;
    private final GatewayContext ctx;
    private final AtomicBoolean reconsiderQueued = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile InetAddress address;
    private volatile Map<Integer, PortListener> listeners;
    private Map<Integer, PolicyView> views = Map.of(); // guarded by lock
    /** Whether the instance's own firewall may keep out what listens, as the last refresh read it. Guarded by lock. */
    private boolean filtered;
    /** While filtered: each port's connect probe at the last refresh, with whether its socket table said it listened. */
    private final Map<Integer, Probed> probed = new java.util.HashMap<>(); // guarded by lock

    private record Probed(boolean listening, Liveness liveness) {}

    /** Every how many polls the instance's firewall is read again (a fork on this machine: not at every poll). */
    private static final int FIREWALL_EVERY = 5;
    private long polls; // guarded by lock
    private String lastPollFailure; // guarded by lock

    private InstanceGateway(InetAddress address, Set<Integer> ports, InstancePolicy policy, GatewayOptions options) {
        this.address = address;
        this.ports = Collections.unmodifiableSortedSet(new TreeSet<>(ports));
        this.policy = policy;
        this.options = options;
        this.timer = new ScheduledThreadPoolExecutor(1,
                r -> workers.newThread("labcheck-gw-" + address.getHostAddress() + "-poll", r));
        this.timer.setRemoveOnCancelPolicy(true);
        this.timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.ctx = new GatewayContext(options, workers, live, timer, new ConnectTimeCheck());
        this.listeners = listenersAt(address);
    }

    /**
     * Opens the gateway and applies every port's mode before returning.
     *
     * @throws UncheckedIOException when a port cannot be bound on {@code publicAddress}; nothing is left open
     */
    public static InstanceGateway open(InetAddress publicAddress, Set<Integer> ports, InstancePolicy policy,
            GatewayOptions options) {
        Objects.requireNonNull(publicAddress, "publicAddress");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(options, "options");
        if (ports.isEmpty()) {
            throw new IllegalArgumentException("a gateway needs at least one port");
        }
        for (int port : ports) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("not a TCP port: " + port);
            }
        }
        InstanceGateway gateway = new InstanceGateway(publicAddress, ports, policy, options);
        try {
            gateway.refresh();
        } catch (RuntimeException e) {
            gateway.close();
            throw e;
        }
        if (!options.pollInterval().isZero()) {
            long every = options.pollInterval().toMillis();
            gateway.timer.scheduleWithFixedDelay(gateway::poll, every, every, TimeUnit.MILLISECONDS);
        }
        return gateway;
    }

    public static InstanceGateway open(InetAddress publicAddress, Set<Integer> ports, InstancePolicy policy) {
        return open(publicAddress, ports, policy, GatewayOptions.defaults());
    }

    /**
     * Reads the policy again and re-probes, applying every port's mode before returning.
     *
     * @throws UncheckedIOException when a port could not be bound (it refuses until a later success)
     */
    public void refresh() {
        synchronized (lock) {
            ensureOpen();
            views = readPolicy();
            filtered = policy.filtersIncoming();
            applyAll(true);
        }
    }

    /** The mode the port has now; REFUSE once closed, as nothing listens any more. */
    public PortMode mode(int port) {
        PortListener listener = listeners.get(port);
        if (listener == null) {
            throw new IllegalArgumentException("port " + port + " is not one of this gateway's " + ports);
        }
        return listener.mode();
    }

    /** Every port's mode now, in port order. */
    public Map<Integer, PortMode> modes() {
        Map<Integer, PortMode> modes = new LinkedHashMap<>();
        listeners.forEach((port, listener) -> modes.put(port, listener.mode()));
        return Collections.unmodifiableMap(modes);
    }

    public Set<Integer> ports() {
        return ports;
    }

    public InetAddress publicAddress() {
        return address;
    }

    /**
     * Moves the public address (an Elastic IP association): nothing listens on the old address any more,
     * so it refuses, and the ports are applied on the new one. Established connections stay up.
     */
    public void moveTo(InetAddress newPublicAddress) {
        Objects.requireNonNull(newPublicAddress, "newPublicAddress");
        synchronized (lock) {
            ensureOpen();
            if (newPublicAddress.equals(address)) {
                return;
            }
            listeners.values().forEach(PortListener::close);
            log.debug("gateway {} moves to {}", address.getHostAddress(), newPublicAddress.getHostAddress());
            address = newPublicAddress;
            listeners = listenersAt(newPublicAddress);
            String pollName = "labcheck-gw-" + newPublicAddress.getHostAddress() + "-poll";
            try {
                timer.execute(() -> Thread.currentThread().setName(pollName));
            } catch (RejectedExecutionException closing) {
                // the gateway is closing: no poll thread to rename
            }
            views = readPolicy();
            filtered = policy.filtersIncoming();
            applyAll(true);
        }
    }

    /** Releases every socket, connection and thread, waiting for them (bounded). Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        timer.shutdownNow();
        try {
            timer.awaitTermination(CLOSE_BOUND.toMillis(), TimeUnit.MILLISECONDS); // a poll in flight is bounded
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lock) {
            listeners.values().forEach(PortListener::close);
        }
        live.closeAll();
        List<String> left = workers.awaitAll(CLOSE_BOUND);
        if (!left.isEmpty()) {
            log.warn("gateway {} closed, but these threads had not ended after {}: {}",
                    address.getHostAddress(), CLOSE_BOUND, left);
        }
        log.debug("gateway {} closed", address.getHostAddress());
    }

    /** Connections currently piped or held; for tests and diagnostics. */
    int openConnections() {
        return live.size();
    }

    /** The port's trap while it drops; for measurements. */
    Optional<DropTrap> trap(int port) {
        PortListener listener = listeners.get(port);
        return listener == null ? Optional.empty() : listener.trap();
    }

    @Override
    public String toString() {
        return "InstanceGateway[" + address.getHostAddress() + " " + modes() + (closed.get() ? " closed" : "") + "]";
    }

    private Map<Integer, PortListener> listenersAt(InetAddress at) {
        Map<Integer, PortListener> map = new TreeMap<>();
        for (int port : ports) {
            map.put(port, new PortListener(at, port, ctx));
        }
        return Collections.unmodifiableMap(map);
    }

    private Map<Integer, PolicyView> readPolicy() {
        InetAddress from = options.workstation().orElse(LOCAL_CLIENT);
        return ports.stream().collect(Collectors.toMap(p -> p, p -> PolicyView.read(policy, p, from)));
    }

    /**
     * Decides and applies every port; tries them all, then throws the first bind failure. Ports that change are
     * applied side by side: making a port drop costs a dummy connect's timeout (filling its accept queue), and one
     * after another, a new instance's six closed ports cost six of them before its address answered.
     */
    private void applyAll(boolean fresh) {
        Map<Integer, PortMode> changes = new LinkedHashMap<>();
        for (int port : ports) {
            PortMode wanted = views.get(port).decide(backend -> liveness(port, backend, fresh));
            if (wanted != listeners.get(port).mode()) {
                changes.put(port, wanted);
            }
        }
        Map<Integer, Exception> failed = new java.util.concurrent.ConcurrentHashMap<>();
        List<Thread> appliers = new ArrayList<>();
        changes.forEach((port, wanted) -> {
            Runnable apply = () -> {
                try {
                    listeners.get(port).apply(wanted);
                } catch (IOException | RuntimeException e) {
                    failed.put(port, e);
                }
            };
            if (changes.size() == 1) {
                apply.run();
            } else {
                appliers.add(workers.start(Sockets.threadName(address, port) + "-apply", apply));
            }
        });
        for (Thread t : appliers) {
            try {
                t.join(); // bounded: each apply is a bind, or a fill bounded by the dummies' connect timeout
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while gateway " + address.getHostAddress()
                        + " changed its ports", e);
            }
        }
        UncheckedIOException failure = null;
        for (int port : ports) {
            Exception e = failed.get(port);
            if (e == null) {
                continue;
            }
            if (e instanceof RuntimeException unexpected) {
                throw unexpected;
            }
            UncheckedIOException wrapped = new UncheckedIOException("gateway " + address.getHostAddress()
                    + " could not make port " + port + " " + changes.get(port) + ": " + e.getMessage(), (IOException) e);
            if (failure == null) {
                failure = wrapped;
            } else {
                failure.addSuppressed(wrapped);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * What a connect to the port's backend meets. Asked without a connection where the policy can tell (a probe is a
     * connection the instance sees): its socket table. Where the instance's own firewall may keep out what listens,
     * the table is not enough: a connect probe says, at a refresh (or at a poll when the table changed since).
     */
    private Liveness liveness(int port, InetSocketAddress backend, boolean fresh) {
        Optional<Boolean> table = policy.listening(port);
        if (table.isEmpty()) {
            return Liveness.probe(backend, options.probeTimeout());
        }
        if (!filtered) {
            probed.remove(port);
            return table.get() ? Liveness.ACCEPTS : Liveness.REFUSES;
        }
        Probed last = probed.get(port);
        if (fresh || last == null || last.listening() != table.get()) {
            last = new Probed(table.get(), Liveness.probe(backend, options.probeTimeout()));
            probed.put(port, last);
        }
        return last.liveness();
    }

    /** The periodic re-probe, with the policy as last read: never throws, or the timer would stop it. */
    private void poll() {
        synchronized (lock) {
            if (closed.get()) {
                return;
            }
            try {
                if (++polls % FIREWALL_EVERY == 0) {
                    filtered = policy.filtersIncoming(); // ufw turned on or off on the instance, at this pace
                }
                applyAll(false);
                lastPollFailure = null;
            } catch (RuntimeException e) {
                if (!Objects.equals(e.getMessage(), lastPollFailure)) {
                    log.warn("{}", e.getMessage()); // once per distinct failure, not ten times a second
                }
                lastPollFailure = e.getMessage();
            }
        }
    }

    private void refreshQuietly() {
        reconsiderQueued.set(false);
        if (closed.get()) {
            return;
        }
        try {
            refresh();
        } catch (RuntimeException e) {
            log.debug("gateway {}: refresh after a connect-time surprise failed: {}", address.getHostAddress(),
                    e.toString());
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("gateway " + address.getHostAddress() + " is closed");
        }
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** The policy as an accepted connection asks it, at connect time. */
    private final class ConnectTimeCheck implements Admission {
        @Override
        public Optional<InetSocketAddress> route(int port, InetAddress from) {
            PolicyView view = PolicyView.read(policy, port, from);
            return view.reachable() ? view.backend() : Optional.empty();
        }

        @Override
        public void reconsider() {
            if (reconsiderQueued.compareAndSet(false, true)) { // many surprised clients: one refresh
                try {
                    timer.execute(InstanceGateway.this::refreshQuietly);
                } catch (RejectedExecutionException closing) {
                    reconsiderQueued.set(false);
                }
            }
        }
    }
}

package io.labcheck.host;

import io.labcheck.cloud.embedded.EmbeddedCloud;
import io.labcheck.cloud.embedded.InstanceView;
import io.labcheck.net.GatewayOptions;
import io.labcheck.net.InstanceGateway;
import io.labcheck.net.InstancePolicy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives each container-backed instance its public address: a gateway on the instance's public IP
 * (from the API) that forwards to the container only what its security groups allow, while the
 * container is up. Kept in step with the cloud on every change (a rule authorized, an Elastic IP
 * associated, an instance stopped), synchronously, so the next connection sees the change.
 */
public final class PublicNetwork implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PublicNetwork.class);
    /** The ports the labs use; a port outside this set is refused rather than dropped. */
    public static final Set<Integer> PORTS = Set.of(22, 80, 443, 3000, 5000, 8000, 8080);

    private final ContainerHosts hosts;
    private final GatewayOptions options;
    private final Map<String, InstanceGateway> gateways = new HashMap<>();
    /** Addresses the cloud took back: they lead nowhere, so connections to them time out, as on AWS. */
    private final Map<InetAddress, InstanceGateway> released = new HashMap<>();
    private volatile EmbeddedCloud cloud;
    private boolean closed;

    public PublicNetwork(ContainerHosts hosts, GatewayOptions options) {
        this.hosts = hosts;
        this.options = options;
    }

    /** Starts following {@code cloud}; called once, before the first instance is launched. */
    public void bind(EmbeddedCloud cloud) {
        this.cloud = cloud;
        cloud.onChange(this::sync);
    }

    public Optional<InstanceGateway> gateway(String instanceId) {
        synchronized (this) {
            return Optional.ofNullable(gateways.get(instanceId));
        }
    }

    /** Brings every gateway in line with the cloud: opened, moved, refreshed or closed. */
    public synchronized void sync() {
        EmbeddedCloud c = cloud;
        if (c == null || closed) {
            return;
        }
        List<InstanceView> instances = c.instances();
        Set<String> wanted = new java.util.HashSet<>();
        for (InstanceView i : instances) {
            if (i.publicIp() == null || i.state().equals("terminated") || hosts.host(i.instanceId()).isEmpty()) {
                continue;
            }
            wanted.add(i.instanceId());
            InetAddress address = address(i.publicIp());
            InstanceGateway g = gateways.get(i.instanceId());
            if (g == null) {
                gateways.put(i.instanceId(), InstanceGateway.open(address, PORTS, policy(i.instanceId()), options));
                LOG.debug("{}: public address {} open", i.instanceId(), i.publicIp());
            } else {
                if (!g.publicAddress().equals(address)) {
                    InetAddress old = g.publicAddress();
                    g.moveTo(address);
                    release(old);
                    LOG.debug("{}: public address moved to {}", i.instanceId(), i.publicIp());
                }
                g.refresh();
            }
        }
        gateways.entrySet().removeIf(e -> {
            if (!wanted.contains(e.getKey())) {
                InetAddress old = e.getValue().publicAddress();
                e.getValue().close();
                release(old);
                return true;
            }
            return false;
        });
    }

    private void release(InetAddress address) {
        released.computeIfAbsent(address, a -> InstanceGateway.open(a, PORTS, NOWHERE, options));
    }

    private static final InstancePolicy NOWHERE = new InstancePolicy() {
        @Override
        public boolean running() {
            return false;
        }

        @Override
        public boolean allows(int port, InetAddress from) {
            return false;
        }

        @Override
        public Optional<InetSocketAddress> backend(int port) {
            return Optional.empty();
        }
    };

    private InstancePolicy policy(String instanceId) {
        return new InstancePolicy() {
            @Override
            public boolean running() {
                // Reachable while the machine is up, as a VM is: the container runs and has its address.
                return hosts.host(instanceId).flatMap(ContainerHost::bridgeAddress).isPresent();
            }

            @Override
            public boolean allows(int port, InetAddress from) {
                EmbeddedCloud c = cloud;
                return c != null && c.admitsFromInternet(instanceId, port, from);
            }

            @Override
            public Optional<InetSocketAddress> backend(int port) {
                return hosts.host(instanceId).flatMap(ContainerHost::bridgeAddress)
                        .map(a -> new InetSocketAddress(a, port));
            }

            @Override
            public Optional<Boolean> listening(int port) {
                return hosts.host(instanceId).flatMap(h -> h.listening(port));
            }

            @Override
            public boolean filtersIncoming() {
                return hosts.host(instanceId).map(ContainerHost::filtersIncoming).orElse(false);
            }
        };
    }

    private static InetAddress address(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            throw new HostException("the cloud handed out an address that is not one: " + ip, e);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        gateways.values().forEach(InstanceGateway::close);
        gateways.clear();
        released.values().forEach(InstanceGateway::close);
        released.clear();
    }
}

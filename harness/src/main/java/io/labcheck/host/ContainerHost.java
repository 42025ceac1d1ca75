package io.labcheck.host;

import java.net.InetAddress;
import java.util.Optional;

/** One instance's container: its id, and its address on the bridge while it runs (the VM's NIC). */
public final class ContainerHost {
    private final String instanceId;
    private final String containerId;
    private volatile InetAddress bridgeAddress;
    private volatile long initPid;

    ContainerHost(String instanceId, String containerId) {
        this.instanceId = instanceId;
        this.containerId = containerId;
    }

    public String instanceId() {
        return instanceId;
    }

    public String containerId() {
        return containerId;
    }

    /** Where the instance answers now; empty while it is stopped. */
    public Optional<InetAddress> bridgeAddress() {
        return Optional.ofNullable(bridgeAddress);
    }

    void bridgeAddress(InetAddress address) {
        this.bridgeAddress = address;
    }

    /** The container's init process on this machine (0 when unknown), whose socket table is the instance's. */
    void initPid(long pid) {
        this.initPid = pid;
    }

    /**
     * Whether something on the instance listens at {@code port} on its address, read from its socket table
     * without connecting; empty when that table cannot be read here, or while the instance is stopped.
     */
    public Optional<Boolean> listening(int port) {
        InetAddress a = bridgeAddress;
        return a == null ? Optional.empty() : SocketTable.listens(initPid, a, port);
    }

    /**
     * Whether the instance's own firewall may keep out what listens (its INPUT chain can drop or reject), so that its
     * socket table is not what a connection meets; false while it is stopped.
     */
    public boolean filtersIncoming() {
        return bridgeAddress != null && Netfilter.filtersIncoming(initPid);
    }
}

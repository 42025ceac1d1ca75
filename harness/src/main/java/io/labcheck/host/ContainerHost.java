package io.labcheck.host;

import java.net.InetAddress;
import java.util.Optional;

/** One instance's container: its id, and its address on the bridge while it runs (the VM's NIC). */
public final class ContainerHost {
    private final String instanceId;
    private final String containerId;
    private volatile InetAddress bridgeAddress;

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
}

package io.labcheck.fault;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The failure catalogue, in the spirit of WireMock's {@code Fault}: each constant has a stable id (the
 * same vocabulary as the diagnosis's finding codes) and makes the injector that realises it.
 */
public enum FaultKind {
    KEY_PERMISSIONS("key-permissions", "the private key file is readable by others (mode 0644)", KeyPermissionsFault::new),
    SSH_PORT_CLOSED("ssh-port-closed", "no security-group rule admits port 22", () -> new PortRuleFault(22)),
    INSTANCE_STOPPED("instance-stopped", "the instance is stopped", InstanceStoppedFault::new),
    APP_PORT_CLOSED("app-port-closed", "no security-group rule admits the app's port", () -> new PortRuleFault(-1)),
    LOOPBACK_BIND("loopback-bind", "the app listens on 127.0.0.1 only", LoopbackBindFault::new),
    APP_NOT_RUNNING("app-not-running", "the app is not running", AppNotRunningFault::new),
    OUT_OF_MEMORY("out-of-memory", "a process takes the memory the instance type has", OutOfMemoryFault::new),
    VENV_INACTIVE("venv-inactive", "the app is started without activating its venv", VenvInactiveFault::new),
    EIP_UNASSOCIATED("eip-unassociated", "an Elastic IP is allocated and associated with no instance",
            EipUnassociatedFault::new),
    CONTAINER_EXITED("container-exited", "the app's container is run with a mistaken command and exits at once",
            ContainerExitedFault::new),
    DNS_STALE("dns-stale", "the lab's domain points at an address the server does not have", DnsStaleFault::new),
    FIREWALL_BLOCKS_PORT("firewall-blocks-port", "the server's own firewall (ufw) is on and lets in SSH alone",
            FirewallFault::new);

    /** Why a fault about the app cannot be made where there is none. */
    public static final String NO_APP = "the lab's steps leave no app listening on a port";

    private final String id;
    private final String description;
    private final Supplier<AbstractFault> factory;

    FaultKind(String id, String description, Supplier<AbstractFault> factory) {
        this.id = id;
        this.description = description;
        this.factory = factory;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** A fresh injector for one injection. */
    public Fault newFault() {
        AbstractFault f = factory.get();
        f.kind = this;
        return f;
    }

    /** Whether this fault can be made on {@code deployment} (a venv fault needs an app run from a venv). */
    public boolean appliesTo(Deployment deployment) {
        return whyNot(deployment).isEmpty();
    }

    /** Why this fault cannot be made on {@code deployment}, or "" when it can. */
    public String whyNot(Deployment deployment) {
        if (!deployment.hasApp() && aboutTheApp()) {
            return NO_APP;
        }
        return switch (this) {
            case VENV_INACTIVE -> deployment.byUnit() ? VenvInactiveFault.whyNotUnit(deployment)
                    : VenvInactiveFault.appliesTo(deployment) ? "" : "the app is not started from a venv";
            case KEY_PERMISSIONS -> KeyPermissionsFault.openAlready(deployment) ? "the key " + deployment.keyFile().getFileName()
                    + " is readable by others already: there is no protected key to open up" : "";
            case LOOPBACK_BIND -> deployment.byUnit() ? LoopbackBindFault.whyNotUnit(deployment)
                    : deployment.appStart().contains("--host 0.0.0.0") ? ""
                    : "the app is not started with --host 0.0.0.0, so there is no bind address to move";
            case CONTAINER_EXITED -> ContainerExitedFault.whyNot(deployment);
            case DNS_STALE -> DnsStaleFault.whyNot(deployment);
            case FIREWALL_BLOCKS_PORT -> FirewallFault.whyNot(deployment);
            default -> "";
        };
    }

    /**
     * Whether the fault is made on, or seen through, the app: its port, its process, its start command, what its
     * requests need. The others concern only the instance, its key, SSH and the cloud account.
     */
    public boolean aboutTheApp() {
        return switch (this) {
            case APP_PORT_CLOSED, LOOPBACK_BIND, APP_NOT_RUNNING, VENV_INACTIVE, FIREWALL_BLOCKS_PORT -> true;
            case KEY_PERMISSIONS, SSH_PORT_CLOSED, INSTANCE_STOPPED, OUT_OF_MEMORY, EIP_UNASSOCIATED, CONTAINER_EXITED,
                    DNS_STALE -> false;
        };
    }

    public static FaultKind fromId(String raw) {
        String wanted = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(k -> k.id.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown fault '" + raw + "': use one of "
                        + Arrays.stream(values()).map(FaultKind::id).collect(Collectors.joining(", "))));
    }
}

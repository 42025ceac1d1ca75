package io.labcheck.host;

import io.labcheck.cloud.embedded.InstanceLifecycle;
import io.labcheck.cloud.embedded.InstanceView;

import java.util.concurrent.CompletionStage;

/**
 * Container hosts with their public addresses: each transition completes only once the gateway
 * agrees with the container (open and forwarding when it boots, dropping when it stops), so that
 * "running" in the API means reachable from outside, as on EC2.
 */
final class NetworkedHosts implements InstanceLifecycle {
    private final ContainerHosts hosts;
    private final PublicNetwork network;

    NetworkedHosts(ContainerHosts hosts, PublicNetwork network) {
        this.hosts = hosts;
        this.network = network;
    }

    @Override
    public CompletionStage<Void> launch(InstanceView instance) {
        return hosts.launch(instance).thenRun(network::sync);
    }

    @Override
    public CompletionStage<Void> stop(InstanceView instance) {
        return hosts.stop(instance).thenRun(network::sync);
    }

    @Override
    public CompletionStage<Void> start(InstanceView instance) {
        return hosts.start(instance).thenRun(network::sync);
    }

    @Override
    public CompletionStage<Void> terminate(InstanceView instance) {
        return hosts.terminate(instance).thenRun(network::sync);
    }

    @Override
    public CompletionStage<Void> reboot(InstanceView instance) {
        return hosts.reboot(instance).thenRun(network::sync);
    }

    /** Every gateway reads its instance's socket table now, rather than at its next poll. */
    @Override
    public void settle() {
        network.sync();
    }

    @Override
    public String consoleOutput(InstanceView instance) {
        return hosts.consoleOutput(instance);
    }
}

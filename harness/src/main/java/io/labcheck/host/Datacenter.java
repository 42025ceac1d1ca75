package io.labcheck.host;

import io.labcheck.cloud.Availability;
import io.labcheck.cloud.Cloud;
import io.labcheck.cloud.CloudProvider;
import io.labcheck.cloud.CloudSettings;
import io.labcheck.cloud.CloudStartException;
import io.labcheck.cloud.HostKind;
import io.labcheck.cloud.embedded.EmbeddedCloud;
import io.labcheck.net.GatewayOptions;
import io.labcheck.substitute.PackageIndex;
import io.labcheck.substitute.SubstituteException;

import org.testcontainers.DockerClientFactory;

/**
 * A cloud together with what its instances run on: the control plane alone, or the embedded cloud
 * with a container per instance and a public address in front of each. The one place that puts
 * those parts together, for the JUnit extension and the command line alike.
 */
public final class Datacenter {

    public static Availability availability(CloudSettings settings) {
        Availability cloud = settings.provider().availability(settings);
        if (!cloud.available() || settings.hosts() == HostKind.NONE) {
            return cloud;
        }
        if (settings.provider() != CloudProvider.EMBEDDED) {
            return Availability.no("container hosts back only the embedded cloud; " + settings.provider().id()
                    + " runs its own instances");
        }
        try {
            if (!DockerClientFactory.instance().isDockerAvailable()) {
                return Availability.no("container hosts need a Docker engine and none answers; start one with"
                        + " fixtures/docker-engine.sh (as root)");
            }
            HostImage.inspect(DockerClientFactory.instance().client(), HostImage.configuredName());
            PackageIndex.requireImage(DockerClientFactory.instance().client(), PackageIndex.configuredImage());
            return Availability.yes("embedded cloud with container hosts from " + HostImage.configuredName()
                    + ", pip through the package index " + PackageIndex.configuredImage());
        } catch (HostException | SubstituteException e) {
            return Availability.no(e.getMessage());
        } catch (RuntimeException e) {
            return Availability.no("cannot ask the Docker engine about the host image: " + e.getMessage());
        }
    }

    /** Starts everything the settings ask for; on failure, what was started is released first. */
    public static Cloud start(CloudSettings settings) {
        return start(settings, GatewayOptions.defaults());
    }

    /** As {@link #start(CloudSettings)}, with the public addresses' gateways set by {@code gateways}. */
    static Cloud start(CloudSettings settings, GatewayOptions gateways) {
        if (settings.hosts() == HostKind.NONE) {
            return settings.provider().start(settings);
        }
        if (settings.provider() != CloudProvider.EMBEDDED) {
            throw new CloudStartException("container hosts back only the embedded cloud, not "
                    + settings.provider().id() + ": use hosts NONE with it");
        }
        ContainerHosts hosts = ContainerHosts.create(settings.runId(), HostImage.configuredName());
        PublicNetwork network = new PublicNetwork(hosts, gateways);
        EmbeddedCloud cloud;
        try {
            cloud = EmbeddedCloud.start(settings, new NetworkedHosts(hosts, network));
        } catch (RuntimeException e) {
            network.close();
            hosts.close();
            throw e;
        }
        cloud.attach(hosts);     // closed last: the containers
        cloud.attach(network);   // closed first: the public addresses
        network.bind(cloud);
        return cloud;
    }

    private Datacenter() {}
}

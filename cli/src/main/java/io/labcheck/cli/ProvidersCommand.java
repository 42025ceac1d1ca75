package io.labcheck.cli;

import io.labcheck.cloud.Availability;
import io.labcheck.cloud.CloudProvider;
import io.labcheck.cloud.CloudSettings;
import io.labcheck.cloud.HostKind;
import io.labcheck.host.Datacenter;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

@Command(name = "providers", mixinStandardHelpOptions = true,
        description = "Lists the cloud providers, and container hosts, and whether each can run on this machine, and why not.",
        footer = {"", "Example:", "  ./labcheck providers"})
final class ProvidersCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        CloudSettings settings = CloudSettings.defaults();
        for (CloudProvider p : CloudProvider.values()) {
            Availability a = p.availability(settings);
            System.out.printf("%-11s %-13s %s%n", p.id(), a.available() ? "available" : "unavailable", a.reason());
        }
        Availability hosts = Datacenter.availability(settings.withHosts(HostKind.CONTAINER));
        System.out.printf("%-11s %-13s %s%n", "containers", hosts.available() ? "available" : "unavailable",
                "(hosts for the embedded cloud) " + hosts.reason());
        return Labcheck.PASSED;
    }
}

package io.labcheck.cli;

import io.labcheck.cloud.Availability;
import io.labcheck.cloud.CloudProvider;
import io.labcheck.cloud.CloudSettings;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

@Command(name = "providers", mixinStandardHelpOptions = true,
        description = "Lists the cloud providers and whether each can run on this machine, and why not.",
        footer = {"", "Example:", "  ./labcheck providers"})
final class ProvidersCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        CloudSettings settings = CloudSettings.defaults();
        for (CloudProvider p : CloudProvider.values()) {
            Availability a = p.availability(settings);
            System.out.printf("%-11s %-13s %s%n", p.id(), a.available() ? "available" : "unavailable", a.reason());
        }
        return Labcheck.PASSED;
    }
}

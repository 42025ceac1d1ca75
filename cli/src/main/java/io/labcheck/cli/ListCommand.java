package io.labcheck.cli;

import io.labcheck.cloud.Availability;
import io.labcheck.cloud.CloudProvider;
import io.labcheck.cloud.CloudSettings;
import io.labcheck.fault.FaultKind;
import io.labcheck.scenarios.Catalog;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Lists the labs labcheck can validate (with their documents and faults), the fault catalogue,"
                + " and the cloud providers with whether each can run here.",
        footer = {"", "Examples:", "  ./labcheck list", "  ./labcheck list faults"})
final class ListCommand implements Callable<Integer> {
    enum What { labs, faults, providers, all }

    @Parameters(arity = "0..1", paramLabel = "WHAT", defaultValue = "all",
            description = "labs, faults, providers or all (default)")
    What what;

    @Override
    public Integer call() {
        if (what == What.labs || what == What.all) {
            System.out.println("Labs (labcheck validate <id>):");
            for (Catalog.Lab lab : Catalog.labs()) {
                System.out.printf("  %-16s %s%n", lab.id(), lab.title());
                System.out.printf("  %-16s document: %s; faults: %s%n", "",
                        lab.document() ? lab.origin() : "(steps written in the scenario)",
                        lab.faults().isEmpty() ? "none" : String.join(", ", lab.faults()));
            }
        }
        if (what == What.faults || what == What.all) {
            System.out.println("Faults (labcheck validate <lab> --faults <ids>):");
            for (FaultKind kind : FaultKind.values()) {
                System.out.printf("  %-17s %s%n", kind.id(), kind.description());
            }
        }
        if (what == What.providers || what == What.all) {
            System.out.println("Cloud providers (labcheck validate <lab> --cloud <id>):");
            for (CloudProvider p : CloudProvider.values()) {
                Availability a = p.availability(CloudSettings.defaults());
                System.out.printf("  %-11s %-12s %s%n", p.id(), a.available() ? "available" : "unavailable", a.reason());
            }
        }
        return Labcheck.PASSED;
    }
}

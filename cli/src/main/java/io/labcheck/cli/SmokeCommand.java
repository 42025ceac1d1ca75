package io.labcheck.cli;

import io.labcheck.cloud.Availability;
import io.labcheck.cloud.CloudProvider;
import io.labcheck.cloud.CloudSettings;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "smoke", mixinStandardHelpOptions = true,
        description = {"Brings up a cloud and runs the EC2 labs' cloud steps on it (key pair, security group,"
                + " t2.micro with 30 GB gp3, Elastic IP, stop/start, terminate) through the real AWS SDK,"
                + " printing each step's verdict and time."},
        footer = {"", "Examples:", "  ./labcheck smoke", "  ./labcheck smoke --cloud localstack"})
final class SmokeCommand implements Callable<Integer> {
    static final String SCENARIO = "io.labcheck.scenarios.cloud.CloudStepsScenario";

    @Option(names = "--cloud", paramLabel = "PROVIDER", defaultValue = "embedded",
            description = "embedded (default), localstack or aws")
    String cloud;

    @Override
    public Integer call() {
        CloudProvider provider;
        try {
            provider = CloudProvider.fromId(cloud);
        } catch (IllegalArgumentException e) {
            throw new Labcheck.UserError(e.getMessage());
        }
        Availability availability = provider.availability(CloudSettings.defaults().withProvider(provider));
        if (!availability.available()) {
            throw new Labcheck.UserError("the " + provider.id() + " cloud cannot run here: " + availability.reason());
        }
        System.out.println("labcheck smoke: EC2 labs' cloud steps on the " + provider.id() + " cloud");
        ScenarioRunner.Outcome outcome = new ScenarioRunner(System.out).run(SCENARIO, provider.id());
        return outcome.allPassed() ? Labcheck.PASSED : Labcheck.FAILED;
    }
}

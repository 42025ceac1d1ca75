package io.labcheck.cli;

import io.labcheck.cloud.Availability;
import io.labcheck.cloud.CloudProvider;
import io.labcheck.cloud.CloudSettings;
import io.labcheck.cloud.HostKind;
import io.labcheck.host.Datacenter;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "smoke", mixinStandardHelpOptions = true,
        description = {"Brings up a cloud and runs the EC2 labs' cloud steps on it (key pair, security group,"
                + " t2.micro with 30 GB gp3, Elastic IP, stop/start, terminate) through the real AWS SDK,"
                + " then, on the embedded cloud with container hosts, the ec2-fastapi lab (seed 001) end to end,"
                + " printing each step's verdict and time."},
        footer = {"", "Examples:", "  ./labcheck smoke", "  ./labcheck smoke --cloud localstack"})
final class SmokeCommand implements Callable<Integer> {
    static final String SCENARIO = "io.labcheck.scenarios.cloud.CloudStepsScenario";
    static final String EC2_FASTAPI = "io.labcheck.scenarios.ec2fastapi.Ec2FastApiScenario";

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
        ScenarioRunner runner = new ScenarioRunner(System.out);
        boolean passed = runner.run(SCENARIO, provider.id()).allPassed();
        if (provider != CloudProvider.EMBEDDED) {
            return passed ? Labcheck.PASSED : Labcheck.FAILED;
        }
        Availability hosts = Datacenter.availability(CloudSettings.defaults().withHosts(HostKind.CONTAINER));
        if (!hosts.available()) {
            String message = "ec2-fastapi needs container hosts: " + hosts.reason();
            if (System.getenv("LABCHECK_REQUIRE_DOCKER") != null) {
                throw new Labcheck.UserError(message);
            }
            System.out.println("SKIP " + message);
            return passed ? Labcheck.PASSED : Labcheck.FAILED;
        }
        System.out.println();
        System.out.println("labcheck smoke: ec2-fastapi (seed 001) on the embedded cloud with container hosts");
        passed &= runner.run(EC2_FASTAPI, provider.id()).allPassed();
        return passed ? Labcheck.PASSED : Labcheck.FAILED;
    }
}

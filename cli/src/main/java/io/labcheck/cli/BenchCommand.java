package io.labcheck.cli;

import io.labcheck.cloud.CloudSettings;
import io.labcheck.cloud.embedded.EmbeddedCloud;

import java.util.Arrays;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures labcheck's own speed. Benchmarks:",
                "  startup  time from starting the embedded cloud to its first answered SDK call"
                        + " (DescribeRegions): the first start in this JVM (cold: class loading included), then"
                        + " the median and spread of the following starts (warm).",
                "  first-ssh  time from RunInstances to the first successful command over SSH through the"
                        + " instance's public address, with container hosts (the host image must be built)."},
        footer = {"", "Examples:", "  ./labcheck bench startup --runs 30", "  ./labcheck bench first-ssh --runs 5"})
final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BENCHMARK", description = "startup or first-ssh")
    String benchmark;

    @Option(names = "--runs", defaultValue = "20", description = "warm runs after the cold one (default 20)")
    int runs;

    @Override
    public Integer call() {
        if (benchmark.equals("first-ssh")) {
            return FirstSshBench.run(runs);
        }
        if (!benchmark.equals("startup")) {
            throw new Labcheck.UserError("unknown benchmark '" + benchmark + "': use 'startup' or 'first-ssh'");
        }
        if (runs < 1) {
            throw new Labcheck.UserError("--runs must be at least 1, got " + runs);
        }
        double cold = startOnce();
        double[] warm = new double[runs];
        for (int i = 0; i < runs; i++) {
            warm[i] = startOnce();
        }
        Arrays.sort(warm);
        System.out.printf("embedded cloud startup (start to first SDK call answered)%n");
        System.out.printf("  cold (first in a fresh JVM): %.0f ms%n", cold);
        System.out.printf("  warm over %d runs: median %.1f ms, p90 %.1f ms, min %.1f ms, max %.1f ms%n", runs,
                percentile(warm, 50), percentile(warm, 90), warm[0], warm[warm.length - 1]);
        return Labcheck.PASSED;
    }

    private static double startOnce() {
        long t0 = System.nanoTime();
        try (EmbeddedCloud cloud = EmbeddedCloud.start(CloudSettings.defaults())) {
            cloud.ec2().describeRegions();
            return (System.nanoTime() - t0) / 1e6;
        }
    }

    private static double percentile(double[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}

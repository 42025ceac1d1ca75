package io.labcheck.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** Runs scenario suites through the JUnit Platform, as Surefire does, and shows progress per step. */
final class ScenarioRunner {
    record Outcome(int passed, int failed, int skipped) {
        boolean allPassed() {
            return failed == 0 && passed > 0;
        }
    }

    private final PrintStream out;

    ScenarioRunner(PrintStream out) {
        this.out = out;
    }

    /** Runs the classes in the order given, with these configuration parameters, as one test plan. */
    Outcome run(List<String> scenarioClasses, Map<String, String> configuration) {
        List<ClassSelector> selectors = scenarioClasses.stream().map(c -> selectClass(c)).toList();
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectors)
                .configurationParameters(configuration)
                .configurationParameter("junit.jupiter.testclass.order.default", SelectedOrder.class.getName())
                .configurationParameter(SelectedOrder.ORDER, String.join(",", scenarioClasses))
                .build();
        Launcher launcher = LauncherFactory.create();
        TestPlan plan = launcher.discover(request);
        if (plan.countTestIdentifiers(TestIdentifier::isTest) == 0 && plan.getRoots().stream()
                .allMatch(root -> plan.getChildren(root).isEmpty())) {
            throw new Labcheck.UserError("no scenario steps found in " + scenarioClasses
                    + ": the build is incomplete; rebuild with 'mvn -DskipTests package'");
        }
        long t0 = System.nanoTime();
        try (ConsoleProgress progress = ConsoleProgress.forStdout(out)) {
            launcher.execute(request, progress);
            ConsoleProgress.Counts c = progress.counts();
            out.printf(Locale.ROOT, "%d passed, %d failed, %d skipped in %.1f s%n", c.passed(), c.failed(), c.skipped(),
                    (System.nanoTime() - t0) / 1e9);
            return new Outcome(c.passed(), c.failed(), c.skipped());
        }
    }
}

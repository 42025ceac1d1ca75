package io.labcheck.cli;

import java.io.PrintStream;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** Runs a scenario suite through the JUnit Platform, as Surefire does, and prints progress per step. */
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

    Outcome run(String scenarioClass, String provider) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(scenarioClass))
                .configurationParameter("labcheck.cloud", provider)
                .build();
        Launcher launcher = LauncherFactory.create();
        TestPlan plan = launcher.discover(request);
        long total = plan.countTestIdentifiers(TestIdentifier::isTest);
        if (total == 0) {
            throw new Labcheck.UserError("no scenario steps found in " + scenarioClass
                    + ": the build is incomplete; rebuild with 'mvn -DskipTests package'");
        }
        Progress progress = new Progress(total);
        long t0 = System.nanoTime();
        launcher.execute(request, progress);
        Outcome outcome = new Outcome(progress.passed.get(), progress.failed.get(), progress.skipped.get());
        out.printf("%d passed, %d failed, %d skipped in %.1f s%n", outcome.passed(), outcome.failed(),
                outcome.skipped(), (System.nanoTime() - t0) / 1e9);
        return outcome;
    }

    private final class Progress implements TestExecutionListener {
        private final long total;
        private final AtomicInteger done = new AtomicInteger();
        final AtomicInteger passed = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger skipped = new AtomicInteger();
        private final java.util.Map<String, Long> started = new java.util.concurrent.ConcurrentHashMap<>();

        Progress(long total) {
            this.total = total;
        }

        @Override
        public void executionStarted(TestIdentifier id) {
            started.put(id.getUniqueId(), System.nanoTime());
        }

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            if (id.isTest()) {
                skipped.incrementAndGet();
                out.printf("[%d/%d] SKIP %s: %s%n", done.incrementAndGet(), total, id.getDisplayName(), reason);
            } else {
                out.printf("SKIP %s: %s%n", id.getDisplayName(), reason);
            }
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            long start = started.getOrDefault(id.getUniqueId(), System.nanoTime());
            double seconds = (System.nanoTime() - start) / 1e9;
            if (!id.isTest()) {
                if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                    failed.incrementAndGet();
                    out.printf("FAIL %s: %s%n", id.getDisplayName(), message(result.getThrowable()));
                }
                return;
            }
            int n = done.incrementAndGet();
            switch (result.getStatus()) {
                case SUCCESSFUL -> {
                    passed.incrementAndGet();
                    out.printf("[%d/%d] PASS %s (%.2f s)%n", n, total, id.getDisplayName(), seconds);
                }
                case ABORTED -> {
                    skipped.incrementAndGet();
                    out.printf("[%d/%d] SKIP %s: %s%n", n, total, id.getDisplayName(), message(result.getThrowable()));
                }
                case FAILED -> {
                    failed.incrementAndGet();
                    out.printf("[%d/%d] FAIL %s (%.2f s)%n       %s%n", n, total, id.getDisplayName(), seconds,
                            message(result.getThrowable()));
                }
            }
        }

        @Override
        public void testPlanExecutionFinished(TestPlan testPlan) {
            // summary printed by run()
        }
    }

    private static String message(Optional<Throwable> t) {
        return t.map(e -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip())
                .orElse("(no detail)");
    }
}

package io.labcheck.cloud.conformance;

import io.labcheck.junit.LabCloud;

import java.util.Map;
import java.util.TreeMap;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints, at the end of the run, what the conformance suite did per provider: how many tests ran and
 * how they ended, or that the provider was skipped and why. A skipped provider is never a silent pass.
 */
public final class ConformanceSummary implements TestExecutionListener {
    private static final String SUITE = Ec2ConformanceSuite.class.getName();

    private static final class Tally {
        int passed;
        int failed;
        int aborted;
        String skipped;
    }

    private final Map<String, Tally> byProvider = new TreeMap<>();
    private TestPlan plan;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        this.plan = testPlan;
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        provider(id).ifPresent(p -> {
            if (id.isContainer()) {
                tally(p).skipped = reason;
            }
        });
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (!id.isTest()) {
            return;
        }
        provider(id).ifPresent(p -> {
            Tally t = tally(p);
            switch (result.getStatus()) {
                case SUCCESSFUL -> t.passed++;
                case FAILED -> t.failed++;
                case ABORTED -> t.aborted++;
            }
        });
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (byProvider.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder("\nEC2 conformance, per provider:\n");
        byProvider.forEach((provider, t) -> {
            if (t.skipped != null) {
                sb.append(String.format("  %-11s skipped: %s%n", provider, t.skipped));
            } else {
                sb.append(String.format("  %-11s ran %d tests: %d passed, %d failed, %d aborted%n", provider,
                        t.passed + t.failed + t.aborted, t.passed, t.failed, t.aborted));
            }
        });
        System.out.println(sb);
    }

    private Tally tally(String provider) {
        return byProvider.computeIfAbsent(provider, k -> new Tally());
    }

    /** The provider of the conformance class this identifier belongs to, if it belongs to one. */
    private java.util.Optional<String> provider(TestIdentifier id) {
        for (TestIdentifier c = id; c != null; c = plan == null ? null : plan.getParent(c).orElse(null)) {
            if (c.getSource().orElse(null) instanceof ClassSource cs) {
                try {
                    Class<?> type = cs.getJavaClass();
                    if (type.getSuperclass() != null && type.getSuperclass().getName().equals(SUITE)) {
                        LabCloud a = type.getAnnotation(LabCloud.class);
                        return java.util.Optional.of(a == null ? type.getSimpleName() : a.provider());
                    }
                } catch (RuntimeException e) {
                    return java.util.Optional.empty();
                }
            }
        }
        return java.util.Optional.empty();
    }
}

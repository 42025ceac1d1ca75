package io.labcheck.junit;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/** Behind {@link LabSteps}: remembers the first failed step of a class and skips the steps after it. */
final class LabStepsExtension implements TestWatcher, ExecutionCondition {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LabStepsExtension.class);
    private static final String FAILED_STEP = "failed-step";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isEmpty()) {
            return ConditionEvaluationResult.enabled("a class of steps");
        }
        String failed = classStore(context).get(FAILED_STEP, String.class);
        return failed == null
                ? ConditionEvaluationResult.enabled("the steps before it passed")
                : ConditionEvaluationResult.disabled("skipped: it stands on the failed step \"" + failed + "\"");
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        classStore(context).getOrComputeIfAbsent(FAILED_STEP, k -> context.getDisplayName(), String.class);
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        testFailed(context, cause);
    }

    private static ExtensionContext.Store classStore(ExtensionContext context) {
        ExtensionContext c = context.getTestMethod().isPresent() ? context.getParent().orElse(context) : context;
        return c.getStore(NAMESPACE);
    }
}

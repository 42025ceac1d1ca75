package io.labcheck.junit;

import io.labcheck.lab.LabDocumentException;
import io.labcheck.lab.SeedLabs;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Behind {@link RequiresSeedLabs}. */
final class SeedLabsCondition implements ExecutionCondition {
    static final String REQUIRE = "LABCHECK_REQUIRE_SEEDS";
    private static final Logger LOG = LoggerFactory.getLogger(SeedLabsCondition.class);
    /** The build log says once why the seed tests skip; each skipped test's report says it again. */
    private static final AtomicBoolean SAID = new AtomicBoolean();

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (SeedLabs.find().isPresent()) {
            return ConditionEvaluationResult.enabled("the seed labs are at " + SeedLabs.find().get());
        }
        String why;
        try {
            SeedLabs.directory();
            why = "the seed labs are not here";
        } catch (LabDocumentException e) {
            why = e.getMessage(); // none beside the repository, or LABCHECK_SEEDS names no directory
        }
        if (System.getenv(REQUIRE) != null) {
            throw new ExtensionConfigurationException(REQUIRE + " is set but " + why);
        }
        if (SAID.compareAndSet(false, true)) {
            LOG.warn("{}; the tests that read the seed labs skip (CI has them)", why);
        }
        return ConditionEvaluationResult.disabled(why + ": this test reads them");
    }
}

package io.labcheck.junit;

import io.labcheck.lab.SeedLabs;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Behind {@link RequiresSeedLabs}. */
final class SeedLabsCondition implements ExecutionCondition {
    static final String REQUIRE = "LABCHECK_REQUIRE_SEEDS";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (SeedLabs.find().isPresent()) {
            return ConditionEvaluationResult.enabled("the seed labs are at " + SeedLabs.find().get());
        }
        String why = "the seed labs are not here (no ../shared/seeds beside the repository, no LABCHECK_SEEDS)";
        if (System.getenv(REQUIRE) != null) {
            throw new ExtensionConfigurationException(REQUIRE + " is set but " + why);
        }
        return ConditionEvaluationResult.disabled(why + ": this test reads them");
    }
}

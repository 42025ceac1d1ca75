package io.labcheck.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test (or class) that reads the seed lab documents: skipped, saying why, where they are not beside the
 * repository (a user's fresh clone has no {@code ../shared}); {@code LABCHECK_REQUIRE_SEEDS=1} makes that a
 * failure instead (CI, which has them).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(SeedLabsCondition.class)
public @interface RequiresSeedLabs {
}

package io.labcheck.report;

import java.util.List;
import java.util.Objects;

/**
 * Everything one run found, as written to {@code results.json}. The schema is
 * {@code io/labcheck/report/results.schema.json}; {@link #SCHEMA_VERSION} changes whenever a reader of
 * an older file could misread a newer one.
 */
public record Results(String schemaVersion, Run run, List<Lab> labs, Environment environment) {
    public static final String SCHEMA_VERSION = "2";

    public Results {
        Objects.requireNonNull(schemaVersion, "schemaVersion");
        Objects.requireNonNull(run, "run");
        labs = List.copyOf(labs);
        Objects.requireNonNull(environment, "environment");
    }

    public static Results of(Run run, List<Lab> labs, Environment environment) {
        return new Results(SCHEMA_VERSION, run, labs, environment);
    }
}

package io.labcheck.junit;

import java.util.Optional;

import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a {@link RunsLab} suite reads from JUnit: its configuration parameters, and where the evidence of the
 * dynamic test running now goes (each step's own report entries).
 */
public final class LabContext {
    private final ExtensionContext suite;

    LabContext(ExtensionContext suite) {
        this.suite = suite;
    }

    /** A configuration parameter (JUnit's, which falls back to a {@code -D} system property). */
    public Optional<String> parameter(String key) {
        return suite.getConfigurationParameter(key).map(String::strip).filter(v -> !v.isEmpty());
    }

    /** Publishes one entry on the dynamic test running now (the step), else on the suite. */
    public void publish(String key, String value) {
        ExtensionContext current = LabRunExtension.current().orElse(suite);
        current.publishReportEntry(key, value);
    }
}

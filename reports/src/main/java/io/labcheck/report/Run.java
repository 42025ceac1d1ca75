package io.labcheck.report;

import java.util.List;
import java.util.Objects;

/**
 * The run as a whole.
 *
 * @param start       ISO-8601 instant in UTC
 * @param substitutes what ran against a stand-in instead of the real thing (another OS, a local wheel
 *                    directory instead of PyPI, ...), said plainly so nobody mistakes it for the real one
 */
public record Run(String id, String start, long durationMs, Tier tier, List<String> substitutes) {
    public Run {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(tier, "tier");
        substitutes = List.copyOf(substitutes);
    }
}

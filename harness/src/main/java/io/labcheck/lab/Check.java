package io.labcheck.lab;

import java.util.Map;

/**
 * A check an author attached to a step with an annotation:
 * {@code http} (url, status, body), {@code port} (port, address), {@code mode} (path, mode), {@code output} (contains).
 */
public record Check(String kind, Map<String, String> values) {
    public Check {
        values = Map.copyOf(values);
    }

    public String value(String key) {
        return values.getOrDefault(key, "");
    }
}

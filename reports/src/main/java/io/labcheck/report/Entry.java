package io.labcheck.report;

import java.util.Objects;

/** One published fact: a JUnit report entry's key and value. */
public record Entry(String key, String value) {
    public Entry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }
}

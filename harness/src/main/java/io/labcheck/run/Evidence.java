package io.labcheck.run;

import java.util.ArrayList;
import java.util.List;

/**
 * What a step did, in the order it happened: report entries under the keys the results file reads
 * ({@code section}, {@code runs on}, {@code command}, {@code exit code}, {@code output}, {@code http status},
 * {@code substitute}, ...).
 */
public final class Evidence {
    /** One entry. */
    public record Entry(String key, String value) {}

    private static final int OUTPUT_LIMIT = 4000;
    private final List<Entry> entries = new ArrayList<>();

    public Evidence add(String key, String value) {
        if (value != null && !value.isBlank()) {
            entries.add(new Entry(key, value.strip()));
        }
        return this;
    }

    public Evidence command(String command) {
        return add("command", command);
    }

    /** A command's exit code and the tail of what it printed. */
    public Evidence ran(String command, int exitCode, String output) {
        command(command);
        add("exit code", String.valueOf(exitCode));
        return output(output);
    }

    public Evidence output(String output) {
        return add("output", tail(output));
    }

    public Evidence note(String what) {
        return add("note", what);
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    static String tail(String text) {
        if (text == null) {
            return "";
        }
        String t = text.strip();
        return t.length() <= OUTPUT_LIMIT ? t : "…" + t.substring(t.length() - OUTPUT_LIMIT);
    }
}

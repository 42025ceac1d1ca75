package io.labcheck.lab;

import java.util.List;

/**
 * A place in the lab document: its 1-based line and the heading path above it (outermost first), so
 * that a finding can say "line 807, 5.4 애플리케이션 실행".
 */
public record SourceLine(int line, List<String> headings) {
    public SourceLine {
        headings = List.copyOf(headings);
    }

    /** The innermost heading (the lab's section), or "" before the first heading. */
    public String section() {
        return headings.isEmpty() ? "" : headings.get(headings.size() - 1);
    }

    @Override
    public String toString() {
        return "line " + line + (section().isEmpty() ? "" : " (" + section() + ")");
    }
}

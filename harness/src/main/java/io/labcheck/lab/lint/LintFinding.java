package io.labcheck.lab.lint;

import io.labcheck.lab.SourceLine;

/**
 * A document bug found before anything runs, with the two places in the document that disagree.
 *
 * @param severity error or warning
 * @param code     a stable id, e.g. {@code key.mismatch}, {@code ports.not-opened}
 * @param message  what disagrees and how to fix it
 * @param first    the place where it shows (the step that would fail)
 * @param second   the place it disagrees with (may equal {@code first} when there is no second place)
 */
public record LintFinding(Severity severity, String code, String message, SourceLine first, SourceLine second) {

    /** {@code lab.md:861: warning [ports.not-opened] ... (see line 807, 5.4 애플리케이션 실행)} */
    public String format(String documentName) {
        String see = second.line() == first.line() ? "" : " (see " + second + ")";
        return documentName + ":" + first.line() + ": " + severity.name().toLowerCase(java.util.Locale.ROOT)
                + " [" + code + "] " + message + see;
    }
}

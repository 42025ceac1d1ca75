package io.labcheck.report;

/** Turns a failure or a skip into the one line a report shows: never a stack trace. */
final class Reasons {
    static final int MAX_LENGTH = 500;

    private Reasons() {
    }

    static String of(Throwable failure) {
        if (failure == null) {
            return "failed without saying why";
        }
        String message = firstLine(failure.getMessage());
        String type = failure.getClass().getSimpleName();
        return message == null ? type : shorten(message);
    }

    static String ofSkip(String reason) {
        String line = firstLine(reason);
        return line == null ? "skipped without saying why" : shorten(line);
    }

    private static String firstLine(String text) {
        if (text == null) {
            return null;
        }
        String stripped = text.strip();
        int newline = stripped.indexOf('\n');
        String line = (newline < 0 ? stripped : stripped.substring(0, newline)).strip();
        return line.isEmpty() ? null : line;
    }

    private static String shorten(String line) {
        return line.length() <= MAX_LENGTH ? line : line.substring(0, MAX_LENGTH - 1) + "…";
    }
}

package io.labcheck.report;

/** Milliseconds in words a reader takes in at a glance: "850 ms", "2.4 s", "1 min 23 s", "1 h 2 min". */
final class Durations {
    private Durations() {
    }

    static String text(long ms) {
        if (ms < 1_000) {
            return ms + " ms";
        }
        if (ms < 10_000) {
            return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        long seconds = ms / 1000;
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
    }
}

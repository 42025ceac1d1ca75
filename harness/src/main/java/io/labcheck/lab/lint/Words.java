package io.labcheck.lab.lint;

/** Near-misses between two words: a typed name one or two keystrokes away from the one meant. */
final class Words {
    /** Levenshtein distance: insertions, deletions and substitutions. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }

    /**
     * The word of {@code known} that {@code typed} misspells, or null: one edit away, or two for words of six
     * letters or more (short words are too close to each other for two edits to mean a typo).
     */
    static String misspelt(String typed, Iterable<String> known) {
        String best = null;
        for (String k : known) {
            if (k.equals(typed)) {
                return null;
            }
            int d = distance(typed, k);
            int allowed = Math.min(typed.length(), k.length()) >= 6 ? 2 : 1;
            if (d <= allowed && typed.length() >= 4 && (best == null || d < distance(typed, best))) {
                best = k;
            }
        }
        return best;
    }

    private Words() {}
}

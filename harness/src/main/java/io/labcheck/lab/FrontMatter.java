package io.labcheck.lab;

/**
 * Jekyll-style front matter ({@code ---}, {@code key: value} lines, {@code ---}) at the top of a document is
 * metadata, not Markdown: without this a parser reads it as a rule and a heading. Its lines are blanked so
 * that every other line keeps its number.
 */
final class FrontMatter {
    static String blankOut(String markdown) {
        String[] lines = markdown.split("\n", -1);
        if (lines.length < 3 || !lines[0].strip().equals("---")) {
            return markdown;
        }
        for (int end = 1; end < Math.min(lines.length, 60); end++) {
            String l = lines[end].strip();
            if (l.equals("---") || l.equals("...")) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < lines.length; i++) {
                    sb.append(i <= end ? "" : lines[i]);
                    if (i < lines.length - 1) {
                        sb.append('\n');
                    }
                }
                return sb.toString();
            }
            if (!l.isEmpty() && !l.matches("[A-Za-z0-9_-]+\\s*:.*") && !l.startsWith("- ") && !l.startsWith("#")
                    && !Character.isWhitespace(lines[end].isEmpty() ? 'x' : lines[end].charAt(0))) {
                return markdown; // not front matter
            }
        }
        return markdown;
    }

    private FrontMatter() {}
}

package io.labcheck.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code labcheck init}: the document with an annotation above each step the reader found (its name and where
 * it runs, and an HTTP check for a URL reached), as a starting point for the author. An annotation applies to
 * the first step its block yields, so a block that yields several (an ssh login, then commands on the server)
 * gets one, for its first step. Annotations are HTML
 * comments, so the copy renders exactly like the original; steps that already have one are left alone.
 */
public final class AnnotatedCopy {

    public static String of(LabPlan plan, String markdown) {
        String[] lines = markdown.replace("\r\n", "\n").split("\n", -1);
        Map<Integer, List<String>> inserts = new TreeMap<>();
        for (LabStep s : plan.steps()) {
            int line = anchor(s, lines);
            if (line <= 0 || line > lines.length || alreadyAnnotated(lines, line)) {
                continue;
            }
            List<String> notes = inserts.computeIfAbsent(line, k -> new ArrayList<>());
            if (!notes.isEmpty()) {
                continue; // an annotation applies to the first step of its block; one per block
            }
            StringBuilder a = new StringBuilder("<!-- labcheck: name=\"" + s.name().replace("\"", "'") + "\" runs=" + s.where().id());
            String url = s.kind() == StepKind.BROWSE ? s.url() : "";
            if (!url.isEmpty()) {
                a.append(" check=http url=").append(url).append(" status=200");
            }
            notes.add(a.append(" -->").toString());
        }
        StringBuilder out = new StringBuilder();
        for (int i = 1; i <= lines.length; i++) {
            List<String> notes = inserts.get(i);
            if (notes != null) {
                String indent = lines[i - 1].replaceFirst("^(\\s*).*$", "$1");
                notes.forEach(n -> out.append(indent).append(n).append('\n'));
            }
            out.append(lines[i - 1]);
            if (i < lines.length) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    /** The line the annotation goes above: the fence of the step's block, or the paragraph of a console step. */
    private static int anchor(LabStep s, String[] lines) {
        int line = s.at().line();
        if (s.kind() == StepKind.CLOUD_ACTION) {
            return line;
        }
        for (int i = line - 1; i >= 1 && i >= line - 200; i--) {
            String l = lines[i - 1].strip();
            if (l.startsWith("```") || l.startsWith("~~~")) {
                return i;
            }
        }
        return line;
    }

    private static boolean alreadyAnnotated(String[] lines, int line) {
        return line >= 2 && lines[line - 2].strip().startsWith("<!-- labcheck:");
    }

    private AnnotatedCopy() {}
}

package io.labcheck.lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An author's annotation: an HTML comment, invisible when the document is rendered, placed just above the
 * block (or paragraph) it is about. Several may stack; their settings add up.
 *
 * <pre>
 * &lt;!-- labcheck: name="start the app" runs=server --&gt;
 * &lt;!-- labcheck: check=http url=http://{public_ip}:8000/ status=200 body='{"Hello":"World"}' --&gt;
 * &lt;!-- labcheck: check=port port=8000 address=0.0.0.0 --&gt;
 * &lt;!-- labcheck: check=mode path=my_app.pem mode=400 --&gt;
 * &lt;!-- labcheck: expect="Uvicorn running on" --&gt;
 * &lt;!-- labcheck: skip --&gt;
 * </pre>
 *
 * @param name   the step's name, or ""
 * @param runs   where it runs, or null to let the reader decide
 * @param skip   true to leave the step out of a run
 * @param expect expected output, or ""
 * @param checks checks to run after the step
 * @param line   the annotation's line
 */
public record Annotation(String name, Where runs, boolean skip, String expect, List<Check> checks, int line) {
    static final String PREFIX = "labcheck:";
    private static final Set<String> KEYS = Set.of("name", "runs", "skip", "expect", "check");
    private static final Map<String, Set<String>> CHECK_KEYS = Map.of(
            "http", Set.of("url", "status", "body"),
            "port", Set.of("port", "address"),
            "mode", Set.of("path", "mode"),
            "output", Set.of("contains"));

    public Annotation {
        checks = List.copyOf(checks);
    }

    /** The annotation in an HTML comment, null if the comment is not a labcheck annotation. */
    static Annotation parse(String html, int line) {
        String s = html.strip();
        if (!s.startsWith("<!--") || !s.endsWith("-->")) {
            return null;
        }
        s = s.substring(4, s.length() - 3).strip();
        if (!s.startsWith(PREFIX)) {
            return null;
        }
        String name = "";
        Where runs = null;
        boolean skip = false;
        String expect = "";
        List<Check> checks = new ArrayList<>();
        String checkKind = null;
        Map<String, String> checkValues = new LinkedHashMap<>();
        for (String[] kv : pairs(s.substring(PREFIX.length()), line)) {
            String key = kv[0];
            String value = kv[1];
            if (checkKind != null && CHECK_KEYS.get(checkKind).contains(key)) {
                checkValues.put(key, value);
                continue;
            }
            if (!KEYS.contains(key)) {
                throw new LabDocumentException("line " + line + ": unknown labcheck annotation key '" + key
                        + "': use name, runs, skip, expect or check" + (checkKind == null ? ""
                        : " (a " + checkKind + " check takes " + String.join(", ", new java.util.TreeSet<>(CHECK_KEYS.get(checkKind))) + ")"));
            }
            switch (key) {
                case "name" -> name = value;
                case "runs" -> {
                    runs = Where.fromId(value);
                    if (runs == null) {
                        throw new LabDocumentException("line " + line + ": runs=" + value
                                + " is not a place: use runs=workstation, server, cloud or browser");
                    }
                }
                case "skip" -> skip = value.isEmpty() || !value.equalsIgnoreCase("false");
                case "expect" -> expect = value;
                case "check" -> {
                    if (checkKind != null) {
                        checks.add(new Check(checkKind, checkValues));
                        checkValues = new LinkedHashMap<>();
                    }
                    if (!CHECK_KEYS.containsKey(value)) {
                        throw new LabDocumentException("line " + line + ": check=" + value
                                + " is not a check: use check=http, port, mode or output");
                    }
                    checkKind = value;
                }
                default -> throw new IllegalStateException(key);
            }
        }
        if (checkKind != null) {
            checks.add(new Check(checkKind, checkValues));
        }
        return new Annotation(name, runs, skip, expect, checks, line);
    }

    /** Two annotations stacked above one block. */
    Annotation merge(Annotation next) {
        List<Check> all = new ArrayList<>(checks);
        all.addAll(next.checks);
        return new Annotation(next.name.isEmpty() ? name : next.name, next.runs == null ? runs : next.runs,
                skip || next.skip, next.expect.isEmpty() ? expect : next.expect, all, line);
    }

    /** key=value, key="quoted value", key='quoted', or a bare key. */
    private static List<String[]> pairs(String s, int line) {
        List<String[]> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i >= s.length()) {
                break;
            }
            int start = i;
            while (i < s.length() && s.charAt(i) != '=' && !Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            String key = s.substring(start, i);
            String value = "";
            if (i < s.length() && s.charAt(i) == '=') {
                i++;
                if (i < s.length() && (s.charAt(i) == '"' || s.charAt(i) == '\'')) {
                    char q = s.charAt(i++);
                    int end = s.indexOf(q, i);
                    if (end < 0) {
                        throw new LabDocumentException("line " + line + ": the value of '" + key
                                + "' has no closing " + q + ": close the quote");
                    }
                    value = s.substring(i, end);
                    i = end + 1;
                } else {
                    int vs = i;
                    while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
                        i++;
                    }
                    value = s.substring(vs, i);
                }
            }
            out.add(new String[] {key, value});
        }
        return out;
    }
}

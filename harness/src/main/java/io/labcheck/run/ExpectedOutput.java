package io.labcheck.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the document shows a command printing, held against what it printed. JSON is compared as data: the
 * same keys and values, except values that legitimately vary from run to run (timestamps, ids, pids,
 * addresses, versions, durations). Other text is compared line by line as "contains", with numbers, times,
 * hashes and addresses masked, and lines of dots ("...") skipped; a line of four words or more may be shortened
 * (its words found in order in one line of the output).
 */
public final class ExpectedOutput {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VARYING_KEY = Pattern.compile("(?i).*(time|date|stamp|uptime|_at$|^id$|_id$|uuid|pid"
            + "|host|^ip$|_ip$|address|version|duration|elapsed|latency|took|count|memory|cpu|usage).*");
    private static final Pattern MASK = Pattern.compile("\\d+(?:[.:,]\\d+)*|[0-9a-f]{7,}");

    private ExpectedOutput() {}

    /** Empty when {@code actual} shows what {@code expected} says; else what differs, in one line. */
    public static Optional<String> differs(String expected, String actual) {
        String want = expected.strip();
        if (want.isEmpty()) {
            return Optional.empty();
        }
        Optional<JsonNode> wantJson = json(want);
        if (wantJson.isPresent()) {
            Optional<JsonNode> gotJson = json(actual.strip());
            if (gotJson.isEmpty()) {
                Optional<JsonNode> inside = lastJsonLine(actual);
                if (inside.isEmpty()) {
                    return Optional.of("the document shows JSON " + oneLine(want) + "; the output is not JSON: " + oneLine(actual));
                }
                gotJson = inside;
            }
            List<String> diffs = new ArrayList<>();
            compare("", wantJson.get(), gotJson.get(), diffs);
            return diffs.isEmpty() ? Optional.empty() : Optional.of("the JSON differs from what the document shows: "
                    + String.join("; ", diffs.subList(0, Math.min(5, diffs.size()))));
        }
        List<String> gotLines = actual.lines().map(ExpectedOutput::normal).toList();
        List<String> missing = new ArrayList<>();
        for (String line : want.lines().toList()) {
            String n = normal(line);
            if (n.isEmpty() || n.matches("[.…\\s]+") || n.matches("[-=_*#\\s]+")) {
                continue;
            }
            if (gotLines.stream().noneMatch(g -> g.contains(n) || abbreviates(n, g))) {
                missing.add(line.strip());
            }
        }
        return missing.isEmpty() ? Optional.empty() : Optional.of("the output lacks " + missing.size() + " line(s) the"
                + " document shows, first: \"" + missing.get(0) + "\"");
    }

    /**
     * A line the document shortened: every word of it in one output line, in its order, where the program says more
     * between them ("enabled https://x" for certbot's "enabled HTTPS on https://x and https://www.x"). At least four
     * words, so that a short line never matches by chance; a word is matched whole ("active" is not "inactive").
     */
    private static boolean abbreviates(String shown, String printed) {
        String[] want = shown.split(" ");
        if (want.length < 4) {
            return false;
        }
        String[] got = printed.split(" ");
        int i = 0;
        for (String g : got) {
            if (i < want.length && g.equals(want[i])) {
                i++;
            }
        }
        return i == want.length;
    }

    private static void compare(String path, JsonNode want, JsonNode got, List<String> diffs) {
        if (want.isObject()) {
            if (!got.isObject()) {
                diffs.add((path.isEmpty() ? "the body" : path) + " should be an object, is " + oneLine(got.toString()));
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = want.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                if (!got.has(e.getKey())) {
                    diffs.add(p + " is missing");
                } else if (!VARYING_KEY.matcher(e.getKey()).matches()) {
                    compare(p, e.getValue(), got.get(e.getKey()), diffs);
                }
            }
            for (Iterator<String> it = got.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!want.has(k)) {
                    diffs.add((path.isEmpty() ? k : path + "." + k) + " is not in the document");
                }
            }
        } else if (want.isArray()) {
            if (!got.isArray()) {
                diffs.add(path + " should be a list");
                return;
            }
            for (int i = 0; i < Math.min(want.size(), got.size()); i++) {
                compare(path + "[" + i + "]", want.get(i), got.get(i), diffs);
            }
            if (want.size() != got.size()) {
                diffs.add(path + " has " + got.size() + " items, the document shows " + want.size());
            }
        } else if (!want.equals(got) && !(want.isNumber() && got.isNumber() && want.asDouble() == got.asDouble())) {
            diffs.add((path.isEmpty() ? "the body" : path) + " is " + got + ", the document shows " + want);
        }
    }

    private static Optional<JsonNode> json(String text) {
        String t = text.strip();
        if (!(t.startsWith("{") && t.endsWith("}")) && !(t.startsWith("[") && t.endsWith("]"))) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(t));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static Optional<JsonNode> lastJsonLine(String text) {
        List<String> lines = text.lines().map(String::strip).filter(l -> l.startsWith("{") || l.startsWith("[")).toList();
        for (int i = lines.size() - 1; i >= 0; i--) {
            Optional<JsonNode> j = json(lines.get(i));
            if (j.isPresent()) {
                return j;
            }
        }
        return Optional.empty();
    }

    private static String normal(String line) {
        return MASK.matcher(line.strip().toLowerCase(Locale.ROOT)).replaceAll("#").replaceAll("\\s+", " ");
    }

    private static String oneLine(String s) {
        String t = s.strip().replaceAll("\\s+", " ");
        return t.length() > 160 ? t.substring(0, 157) + "..." : t;
    }
}

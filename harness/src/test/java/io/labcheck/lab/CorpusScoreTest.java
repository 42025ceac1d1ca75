package io.labcheck.lab;

import io.labcheck.lab.lint.LabLint;
import io.labcheck.lab.lint.LintFinding;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The reader scored on public tutorials other people wrote. The facts (where each key command runs, the console
 * values, the troubleshooting entries, the document's bugs) were checked by hand and are committed beside this test
 * ({@code src/test/resources/corpus}); the documents are not ours and are never committed: fetch them at the
 * commits the facts name into a directory and point {@code LABCHECK_CORPUS} at it ({@code <id>.<ext>} each).
 * Without it the test skips, saying so.
 *
 * <p>Prints a table per document and in total, writes it to {@code target/corpus-score.md}, and fails when a score
 * falls below the floor recorded in {@code corpus/floor.json}: the reader may only get better on the corpus.
 */
class CorpusScoreTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One document's score: found / total for each measure. */
    record Score(String id, int placedRight, int commands, int consoleFound, int consoleValues, int troubleFound,
                 int troubleEntries, int bugsFound, int visibleBugs, int falseAlarms, List<String> misses) {
        static String pct(int n, int of) {
            return of == 0 ? "-" : Math.round(100.0 * n / of) + " % (" + n + "/" + of + ")";
        }

        String row() {
            return "| " + id + " | " + pct(placedRight, commands) + " | " + pct(consoleFound, consoleValues) + " | "
                    + pct(troubleFound, troubleEntries) + " | " + pct(bugsFound, visibleBugs) + " | " + falseAlarms + " |";
        }
    }

    @Test
    void theReaderOnTheCorpus() throws IOException {
        String dir = System.getenv("LABCHECK_CORPUS");
        assumeTrue(dir != null && Files.isDirectory(Path.of(dir)), "no corpus here: LABCHECK_CORPUS names the directory"
                + " with the corpus documents (fetched at the commits src/test/resources/corpus/*.json name)");
        List<Score> scores = new ArrayList<>();
        for (JsonNode facts : facts()) {
            String id = facts.get("id").asText();
            Optional<Path> doc = document(Path.of(dir), id);
            if (doc.isEmpty()) {
                System.out.println("corpus: " + id + " is not in " + dir + ": not scored");
                continue;
            }
            LabPlan plan;
            try {
                plan = LabPlan.read(doc.get());
            } catch (LabDocumentException e) {
                // a document the reader refuses scores nothing: every fact of it is a miss
                System.out.println("corpus: " + id + ": the reader refuses it: " + e.getMessage());
                plan = new LabPlan(id, "", List.of(), List.of(), List.of());
            }
            scores.add(score(facts, plan));
        }
        assumeTrue(!scores.isEmpty(), "none of the corpus documents is in " + dir);
        StringBuilder table = new StringBuilder("| document | commands placed right | console values found |"
                + " troubleshooting entries found | visible bugs linted | false alarms |\n|---|---|---|---|---|---|\n");
        scores.forEach(s -> table.append(s.row()).append('\n'));
        Score total = new Score("total", sum(scores, Score::placedRight), sum(scores, Score::commands),
                sum(scores, Score::consoleFound), sum(scores, Score::consoleValues), sum(scores, Score::troubleFound),
                sum(scores, Score::troubleEntries), sum(scores, Score::bugsFound), sum(scores, Score::visibleBugs),
                sum(scores, Score::falseAlarms), List.of());
        table.append(total.row().replace("| total |", "| **total** |")).append('\n');
        StringBuilder misses = new StringBuilder();
        scores.forEach(s -> s.misses().forEach(m -> misses.append(s.id()).append(": ").append(m).append('\n')));
        System.out.println(table);
        System.out.println(misses);
        Path out = Path.of("target", "corpus-score.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table + "\n```\n" + misses + "```\n");

        JsonNode floor = resource("corpus/floor.json");
        for (Score s : scores) {
            JsonNode f = floor.path(s.id());
            if (f.isMissingNode()) {
                continue;
            }
            assertThat(s.placedRight()).as(s.id() + ": commands placed right").isGreaterThanOrEqualTo(f.path("placedRight").asInt());
            assertThat(s.consoleFound()).as(s.id() + ": console values found").isGreaterThanOrEqualTo(f.path("consoleFound").asInt());
            assertThat(s.troubleFound()).as(s.id() + ": troubleshooting entries found").isGreaterThanOrEqualTo(f.path("troubleFound").asInt());
            assertThat(s.bugsFound()).as(s.id() + ": visible bugs linted").isGreaterThanOrEqualTo(f.path("bugsFound").asInt());
            assertThat(s.falseAlarms()).as(s.id() + ": false alarms").isLessThanOrEqualTo(f.path("falseAlarms").asInt(0));
        }
    }

    static Score score(JsonNode facts, LabPlan plan) {
        String id = facts.get("id").asText();
        List<String> misses = new ArrayList<>();

        // commands: the plan's command on the fact's line (or the next one: a prompt's continuation), where it runs
        int placed = 0;
        int commands = 0;
        int kept = 0;
        for (JsonNode c : facts.path("commands")) {
            int line = c.get("line").asInt();
            String where = c.get("where").asText();
            commands++;
            Optional<LabStep> step = plan.steps().stream()
                    .filter(s -> s.commands().stream().anyMatch(k -> k.line() == line || k.line() == line + 1))
                    .findFirst();
            if (step.isEmpty() && troubleshootingLines(plan).contains(line)) {
                // a troubleshooting section's check or fix: kept in its entry for the diagnosis, placed by no step
                commands--;
                kept++;
            } else if (step.isEmpty()) {
                misses.add("line " + line + " (" + c.get("program").asText() + ", " + where + "): no step has it");
            } else if (where.equals("either") || step.get().where().id().equals(where)) {
                placed++;
            } else {
                misses.add("line " + line + " (" + c.get("program").asText() + "): placed on the " + step.get().where().id()
                        + ", runs on the " + where);
            }
        }

        // console values: each one the document gives, among the plan's cloud actions' values
        Map<String, List<String>> given = new TreeMap<>();
        plan.steps().stream().filter(s -> s.cloud() != null).forEach(s -> s.cloud().values().forEach(
                (k, v) -> given.computeIfAbsent(k, x -> new ArrayList<>()).add(v)));
        int consoleFound = 0;
        int consoleValues = 0;
        JsonNode console = facts.path("console");
        for (var it = console.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().equals("rules")) {
                for (JsonNode rule : e.getValue()) {
                    consoleValues++;
                    String port = rule.get("port").asText();
                    if (given.getOrDefault("port", List.of()).stream().anyMatch(p -> p.equals(port))) {
                        consoleFound++;
                    } else {
                        misses.add("console: the inbound rule for port " + port + " (line " + rule.path("line").asInt()
                                + ") not found");
                    }
                }
                continue;
            }
            consoleValues++;
            String key = switch (e.getKey()) {
                case "volumeGb" -> "sizeGb";
                default -> e.getKey();
            };
            String want = normal(e.getValue().asText());
            String wantImage = e.getValue().asText();
            if (key.equals("image") ? given.getOrDefault(key, List.of()).stream().anyMatch(v -> sameImage(wantImage, v))
                    : given.getOrDefault(key, List.of()).stream().map(CorpusScoreTest::normal)
                    .anyMatch(v -> v.equals(want) || !want.isEmpty() && v.contains(want) || !v.isEmpty() && want.contains(v))) {
                consoleFound++;
            } else {
                misses.add("console: " + e.getKey() + " = " + e.getValue().asText() + " not found (the plan has "
                        + given.getOrDefault(key, List.of()) + ")");
            }
        }

        // troubleshooting entries: one of the plan's entries spans the fact's line
        // (each of the plan's entries stands for one problem: a whole section read as one entry finds one)
        int troubleFound = 0;
        int troubleEntries = 0;
        java.util.Set<TroubleshootingEntry> credited = new java.util.HashSet<>();
        for (JsonNode t : facts.path("troubleshooting")) {
            int line = t.get("line").asInt();
            troubleEntries++;
            Optional<TroubleshootingEntry> spans = plan.troubleshooting().stream().filter(e -> !credited.contains(e)
                    && e.at().line() - 2 <= line && line <= Math.max(e.endLine(), e.at().line())).findFirst();
            if (spans.isPresent()) {
                credited.add(spans.get());
                troubleFound++;
            } else {
                misses.add("troubleshooting: '" + t.path("label").asText() + "' (line " + line + ") not found");
            }
        }

        // lint: a visible bug is found when a finding names one of its lines (within 2); a finding no bug explains is
        // a false alarm
        List<LintFinding> findings = LabLint.check(plan);
        int bugsFound = 0;
        int visible = 0;
        for (JsonNode b : facts.path("bugs")) {
            if (!b.path("visible").asBoolean()) {
                continue;
            }
            visible++;
            if (findings.stream().anyMatch(f -> names(f, b))) {
                bugsFound++;
            } else {
                misses.add("bug not linted: " + b.path("kind").asText() + " at lines " + b.path("lines"));
            }
        }
        int falseAlarms = 0;
        for (LintFinding f : findings) {
            boolean explained = false;
            for (JsonNode b : facts.path("bugs")) {
                explained |= names(f, b);
            }
            if (!explained) {
                falseAlarms++;
                misses.add("false alarm: " + f.code() + " at line " + f.first().line() + ": " + f.message());
            }
        }
        if (kept > 0) {
            misses.add(kept + " commands of the facts are a troubleshooting entry's checks and fixes, kept there (not scored as placed)");
        }
        return new Score(id, placed, commands, consoleFound, consoleValues, troubleFound, troubleEntries, bugsFound,
                visible, falseAlarms, misses);
    }

    private static java.util.Set<Integer> troubleshootingLines(LabPlan plan) {
        java.util.Set<Integer> lines = new java.util.HashSet<>();
        for (TroubleshootingEntry e : plan.troubleshooting()) {
            e.commands().forEach(c -> lines.add(c.command().line()));
            e.causes().forEach(cause -> cause.commands().forEach(c -> lines.add(c.command().line())));
        }
        return lines;
    }

    private static boolean names(LintFinding f, JsonNode bug) {
        for (JsonNode l : bug.path("lines")) {
            int line = l.asInt();
            if (near(f.first(), line) || near(f.second(), line)) {
                return true;
            }
        }
        return false;
    }

    private static boolean near(SourceLine at, int line) {
        return at != null && Math.abs(at.line() - line) <= 2;
    }

    /** "Ubuntu Server 22.04 LTS (Free Tier)" is the plan's "Ubuntu 22.04": the same distribution, the same version. */
    private static boolean sameImage(String fact, String plan) {
        String f = fact.toLowerCase(Locale.ROOT);
        String p = plan.toLowerCase(Locale.ROOT);
        String distro = p.replaceAll("[^a-z ]", " ").strip().replaceAll("\\s+", " ");
        java.util.regex.Matcher fv = java.util.regex.Pattern.compile("\\d+(?:\\.\\d+)?").matcher(f);
        java.util.regex.Matcher pv = java.util.regex.Pattern.compile("\\d+(?:\\.\\d+)?").matcher(p);
        // an image family writes 22.04 as 2204 (ubuntu-2204-lts)
        boolean versions = !fv.find() || !pv.find() || fv.group().replace(".", "").equals(pv.group().replace(".", ""));
        return !distro.isEmpty() && f.contains(distro) && versions;
    }

    private static String normal(String s) {
        return s.toLowerCase(Locale.ROOT).replace(".pem", "").replaceAll("[^a-z0-9.]", "");
    }

    private static int sum(List<Score> scores, java.util.function.ToIntFunction<Score> f) {
        return scores.stream().mapToInt(f).sum();
    }

    private static Optional<Path> document(Path dir, String id) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(id + ".")).findFirst();
        }
    }

    private static List<JsonNode> facts() throws IOException {
        JsonNode index = resource("corpus/index.json");
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode id : index) {
            all.add(resource("corpus/" + id.asText() + ".json"));
        }
        return all;
    }

    private static JsonNode resource(String name) {
        try (InputStream in = CorpusScoreTest.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no " + name + " among the test resources");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

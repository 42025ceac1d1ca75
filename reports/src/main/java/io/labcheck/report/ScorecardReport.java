package io.labcheck.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A student's scorecard as it is shown: what {@code labcheck grade} printed, as {@code scorecard.json} (the same
 * document {@code --json} prints) and {@code scorecard.html} beside a run's report. Values pass the same
 * {@link Redactor} as results.json before they are written anywhere.
 *
 * @param lab        the lab graded (its document's name)
 * @param server     where: {@code ubuntu@13.125.1.2}, or "this server, as ubuntu" for {@code --local}
 * @param earned     points earned of {@code points}
 * @param checks     each check, in the lab's order
 * @param notChecked what could not be checked from where grading ran (left out of {@code points})
 * @param verdict    the diagnosis's verdict when anything fell short ("findings", "incomplete", ...); empty otherwise
 * @param summary    the diagnosis's one line; empty when nothing fell short
 * @param findings   each cause the diagnosis found, with its fix
 * @param couldNotCheck what the diagnosis could not look at, and why
 */
public record ScorecardReport(String lab, String server, int earned, int points, List<Check> checks,
                              List<NotChecked> notChecked, String verdict, String summary, List<Cause> findings,
                              List<String> couldNotCheck) {
    public static final String JSON = "scorecard.json";
    public static final String HTML = "scorecard.html";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One check of the lab's end state, and what was seen. */
    public record Check(String id, String what, int earned, int points, String seen, String section) {
        public boolean full() {
            return earned == points;
        }

        public boolean none() {
            return earned == 0;
        }
    }

    public record NotChecked(String id, String what, int points, String why) {}

    /** A cause the diagnosis found: its code (the fault id), what is wrong, the fix, the evidence. */
    public record Cause(String code, String cause, String fix, List<String> evidence, String section) {}

    public boolean full() {
        return !checks.isEmpty() && earned == points;
    }

    public boolean anyNotChecked() {
        return !notChecked.isEmpty();
    }

    public boolean anyCouldNotCheck() {
        return !couldNotCheck.isEmpty();
    }

    /** This scorecard with every text redacted (keys, credentials): what may be shown or written. */
    public ScorecardReport redacted() {
        return new ScorecardReport(r(lab), r(server), earned, points,
                checks.stream().map(c -> new Check(c.id(), r(c.what()), c.earned(), c.points(), r(c.seen()), r(c.section()))).toList(),
                notChecked.stream().map(n -> new NotChecked(n.id(), r(n.what()), n.points(), r(n.why()))).toList(),
                verdict, r(summary),
                findings.stream().map(f -> new Cause(f.code(), r(f.cause()), r(f.fix()),
                        f.evidence().stream().map(ScorecardReport::r).toList(), r(f.section()))).toList(),
                couldNotCheck.stream().map(ScorecardReport::r).toList());
    }

    /** The JSON document, redacted. */
    public String json() {
        return redacted().asJson();
    }

    /** Writes {@code dir/scorecard.json} and {@code dir/scorecard.html}, each atomically; returns the HTML file. */
    public Path write(Path dir) throws IOException {
        ScorecardReport shown = redacted(); // once, for both files
        byte[] json = shown.asJson().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(dir, JSON, out -> out.write(json), s -> s);
        return ScorecardHtml.write(shown, dir);
    }

    private String asJson() {
        try {
            return MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the scorecard as JSON", e);
        }
    }

    private static String r(String s) {
        return s == null ? "" : Redactor.redact(s);
    }
}

package io.labcheck.report;

import com.samskivert.mustache.Template;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A class graded at once, one row a server: its score, what the diagnosis found and how long it took, as
 * {@code class.md} and {@code class.html} beside each server's own scorecard ({@code <host>/scorecard.html}).
 *
 * @param lab      the lab graded
 * @param parallel how many servers were graded at a time
 * @param wallMs   the whole class's wall time
 * @param rows     one per server, in the roster's order
 */
public record ClassReport(String lab, int parallel, long wallMs, List<Row> rows) {
    public static final String MARKDOWN = "class.md";
    public static final String HTML = "class.html";
    private static final Template TEMPLATE = Templates.compile("class.html.mustache");

    /** One server's line: where its own scorecard is, relative to the class's files. */
    public record Row(String host, String user, int earned, int points, String findings, long tookMs, String page) {
        public boolean full() {
            return points > 0 && earned == points;
        }
    }

    public long fullScores() {
        return rows.stream().filter(Row::full).count();
    }

    /** The table as Markdown: what the command prints and writes to class.md. */
    public String markdown() {
        StringBuilder md = new StringBuilder("# " + r(lab) + ": " + fullScores() + " of " + rows.size() + " servers at full"
                + " score\n\n| server | user | score | found | took |\n|---|---|---|---|---|\n");
        for (Row row : rows) {
            md.append("| ").append(cell(row.host())).append(" | ").append(cell(row.user())).append(" | ")
                    .append(row.earned()).append('/').append(row.points()).append(" | ")
                    .append(row.findings().isEmpty() ? (row.full() ? "-" : "(no cause named)") : cell(row.findings()))
                    .append(" | ").append(String.format("%.1f s", row.tookMs() / 1000.0)).append(" |\n");
        }
        md.append("\n").append(rows.size()).append(" servers, ").append(parallel).append(" at a time, in ")
                .append(String.format("%.1f s", wallMs / 1000.0)).append('\n');
        return md.toString();
    }

    /** Writes class.md and class.html in {@code dir}, each atomically; returns the HTML file. */
    public Path write(Path dir) throws IOException {
        byte[] md = markdown().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(dir, MARKDOWN, out -> out.write(md), UnaryOperator.identity());
        ClassReport shown = new ClassReport(r(lab), parallel, wallMs, rows.stream().map(x -> new Row(r(x.host()), r(x.user()),
                x.earned(), x.points(), r(x.findings()), x.tookMs(), x.page())).toList());
        return Templates.write(TEMPLATE, shown, dir, HTML);
    }

    private static String cell(String s) {
        return r(s).replace("|", "\\|").replace("\n", " ");
    }

    private static String r(String s) {
        return s == null ? "" : Redactor.redact(s);
    }
}

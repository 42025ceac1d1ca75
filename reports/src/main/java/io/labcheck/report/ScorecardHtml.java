package io.labcheck.report;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** Renders a {@link ScorecardReport} as one offline page (no scripts, CSS inline, every value escaped). */
final class ScorecardHtml {
    private static final Template TEMPLATE = compile();

    static Path write(ScorecardReport card, Path dir) throws IOException {
        return AtomicFiles.write(dir, ScorecardReport.HTML, out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            TEMPLATE.execute(card, writer);
            writer.flush();
        }, UnaryOperator.identity());
    }

    private static Template compile() {
        try (InputStream in = ScorecardHtml.class.getResourceAsStream("scorecard.html.mustache")) {
            if (in == null) {
                throw new IllegalStateException("scorecard.html.mustache is missing from the jar");
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                return Mustache.compiler().escapeHTML(true).nullValue("").emptyStringIsFalse(true).compile(reader);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ScorecardHtml() {}
}

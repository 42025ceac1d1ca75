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

/**
 * Writes a run's results as {@code index.html}: one page, readable offline (no scripts, fonts or images
 * from anywhere, CSS inline) and without JavaScript. The results are redacted the same way results.json
 * is ({@link RedactedResults}) and every value is HTML-escaped by the template engine.
 */
public final class HtmlReport {
    public static final String FILE_NAME = "index.html";
    private static final String TEMPLATE_RESOURCE = "index.html.mustache";
    private static final Template TEMPLATE = compile();

    /** Writes {@code dir/index.html} beside {@code dir/results.json}, atomically; returns the file. */
    public Path write(Results results, Path dir) throws IOException {
        Path resultsFile = dir.toAbsolutePath().resolve(ResultsWriter.FILE_NAME);
        ReportView view = ReportView.of(RedactedResults.of(results), resultsFile);
        return AtomicFiles.write(dir, FILE_NAME, out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            TEMPLATE.execute(view, writer);
            writer.flush();
        }, UnaryOperator.identity());
    }

    private static Template compile() {
        try (InputStream in = HtmlReport.class.getResourceAsStream(TEMPLATE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(TEMPLATE_RESOURCE + " is missing from the jar");
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                // escapeHTML is the default; said here because the report's safety rests on it.
                // A null value (an unknown exit code, say) renders as nothing and is false in a section.
                return Mustache.compiler().escapeHTML(true).nullValue("").emptyStringIsFalse(true).compile(reader);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

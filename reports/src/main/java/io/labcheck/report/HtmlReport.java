package io.labcheck.report;

import com.samskivert.mustache.Template;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes a run's results as {@code index.html}: one page, readable offline (no scripts, fonts or images
 * from anywhere, CSS inline) and without JavaScript. The results are redacted the same way results.json
 * is ({@link RedactedResults}) and every value is HTML-escaped by the template engine.
 */
public final class HtmlReport {
    public static final String FILE_NAME = "index.html";
    private static final String TEMPLATE_RESOURCE = "index.html.mustache";
    private static final Template TEMPLATE = Templates.compile(TEMPLATE_RESOURCE);

    /** Writes {@code dir/index.html} beside {@code dir/results.json}, atomically; returns the file. */
    public Path write(Results results, Path dir) throws IOException {
        Path resultsFile = dir.toAbsolutePath().resolve(ResultsWriter.FILE_NAME);
        ReportView view = ReportView.of(RedactedResults.of(results), resultsFile);
        return Templates.write(TEMPLATE, view, dir, FILE_NAME);
    }
}

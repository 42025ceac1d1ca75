package io.labcheck.report;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Writes {@code results.json} so that readers see the previous file or the whole new one, never half
 * ({@link AtomicFiles}). Every string is redacted on the way out ({@link RedactedResults}), whatever
 * field it is in.
 */
public final class ResultsWriter {
    public static final String FILE_NAME = "results.json";

    private final ObjectMapper mapper = ResultsJson.mapper();
    private final UnaryOperator<OutputStream> streams;

    public ResultsWriter() {
        this(UnaryOperator.identity());
    }

    /** For tests: wraps the temporary file's stream, e.g. to break the write half-way. */
    ResultsWriter(UnaryOperator<OutputStream> streams) {
        this.streams = streams;
    }

    /** Writes {@code dir/results.json}, creating {@code dir}; returns the file. */
    public Path write(Results results, Path dir) throws IOException {
        return AtomicFiles.write(dir, FILE_NAME, out -> mapper.writeValue(out, RedactedResults.tree(results)), streams);
    }
}

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

/** The report's pages: Mustache templates beside this class, every value HTML-escaped, written atomically. */
final class Templates {

    static Template compile(String resource) {
        try (InputStream in = Templates.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the jar");
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                // escapeHTML is the default; said here because the pages' safety rests on it.
                // A null value (an unknown exit code, say) renders as nothing and is false in a section.
                return Mustache.compiler().escapeHTML(true).nullValue("").emptyStringIsFalse(true).compile(reader);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Renders {@code view} into {@code dir/name}, atomically; returns the file. */
    static Path write(Template template, Object view, Path dir, String name) throws IOException {
        return AtomicFiles.write(dir, name, out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            template.execute(view, writer);
            writer.flush();
        }, UnaryOperator.identity());
    }

    private Templates() {}
}

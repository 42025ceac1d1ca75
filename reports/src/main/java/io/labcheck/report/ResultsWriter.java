package io.labcheck.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Writes {@code results.json} so that readers see the previous file or the whole new one, never half:
 * into a temporary file in the same directory, then moved over the old one. Every string is redacted
 * on the way out ({@link Redactor}), whatever field it is in.
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
        Files.createDirectories(dir);
        Path target = dir.resolve(FILE_NAME);
        Path temp = Files.createTempFile(dir, ".results-", ".json.tmp");
        try {
            JsonNode tree = redacted(mapper.valueToTree(results));
            try (OutputStream out = streams.apply(Files.newOutputStream(temp))) {
                mapper.writeValue(out, tree);
            }
            shareable(temp);
            move(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
        return target;
    }

    /** A temporary file is owner-only; results are meant to be shared (CI artifacts) and hold no secrets. */
    private static void shareable(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its defaults apply
        }
    }

    private static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static JsonNode redacted(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                field.setValue(redacted(field.getValue()));
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, redacted(array.get(i)));
            }
        } else if (node.isTextual()) {
            return TextNode.valueOf(Redactor.redact(node.textValue()));
        }
        return node;
    }
}

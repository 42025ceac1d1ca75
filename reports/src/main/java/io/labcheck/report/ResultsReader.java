package io.labcheck.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;

/** Reads a {@code results.json} back, refusing a schema version it does not know rather than misreading it. */
public final class ResultsReader {
    private final ObjectMapper mapper = ResultsJson.mapper();

    public Results read(Path file) throws IOException {
        JsonNode tree = mapper.readTree(file.toFile());
        String version = tree.path("schemaVersion").asText(null);
        if (!Results.SCHEMA_VERSION.equals(version)) {
            throw new IOException(file + ": schemaVersion " + version + ", but this reader knows only "
                    + Results.SCHEMA_VERSION + "; use the labcheck version that wrote it");
        }
        return mapper.treeToValue(tree, Results.class);
    }
}

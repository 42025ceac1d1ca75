package io.labcheck.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The published schema of {@code results.json} ({@value #RESOURCE}), checked with a real draft 2020-12
 * validator: what every results file the project writes is held to, in its tests and by anyone who
 * reads the files.
 */
public final class ResultsSchema {
    public static final String RESOURCE = "/io/labcheck/report/results.schema.json";
    private static final JsonSchema SCHEMA = load();

    private ResultsSchema() {
    }

    /** Each way the file breaks the schema, in words; empty when it is valid. */
    public static List<String> problems(Path file) throws IOException {
        return problems(ResultsJson.mapper().readTree(file.toFile()));
    }

    public static List<String> problems(JsonNode results) {
        return SCHEMA.validate(results).stream().map(ValidationMessage::toString).sorted().toList();
    }

    private static JsonSchema load() {
        try (InputStream in = ResultsSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the reports jar: rebuild it");
            }
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
        } catch (IOException e) {
            throw new UncheckedIOException(RESOURCE, e);
        }
    }
}

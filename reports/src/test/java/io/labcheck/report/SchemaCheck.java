package io.labcheck.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Set;

/** Validates results against the published schema with a real draft 2020-12 validator. */
final class SchemaCheck {
    static final String SCHEMA = "/io/labcheck/report/results.schema.json";
    private static final JsonSchema SCHEMA_DOC = load();

    private SchemaCheck() {
    }

    static Set<ValidationMessage> errors(Path file) throws IOException {
        return errors(new ObjectMapper().readTree(file.toFile()));
    }

    static Set<ValidationMessage> errors(JsonNode results) {
        return SCHEMA_DOC.validate(results);
    }

    private static JsonSchema load() {
        try (InputStream in = SchemaCheck.class.getResourceAsStream(SCHEMA)) {
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
        } catch (IOException e) {
            throw new IllegalStateException(SCHEMA, e);
        }
    }
}

package io.labcheck.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Map;

/**
 * The one redaction path for everything labcheck writes: results as JSON with every string, in whatever
 * field, passed through {@link Redactor}. results.json is this tree; the HTML report and the CI summary
 * read the same tree back as {@link Results}, so no field can be redacted in one and forgotten in another.
 */
final class RedactedResults {
    private static final ObjectMapper MAPPER = ResultsJson.mapper();

    private RedactedResults() {
    }

    static JsonNode tree(Results results) {
        return redacted(MAPPER.valueToTree(results));
    }

    static Results of(Results results) {
        try {
            return MAPPER.treeToValue(tree(results), Results.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("results did not survive their own JSON mapping", e);
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

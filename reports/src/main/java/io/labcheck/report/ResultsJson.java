package io.labcheck.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The one JSON mapping of results, shared by the writer and the reader so they cannot drift apart. */
final class ResultsJson {
    private ResultsJson() {
    }

    static ObjectMapper mapper() {
        return new ObjectMapper()
                // unknown is written as null, not left out: every field is always there to read
                .setDefaultPropertyInclusion(JsonInclude.Include.ALWAYS)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}

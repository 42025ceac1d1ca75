package io.labcheck.run;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the document shows, held against what came out: JSON as data, text as lines with numbers masked. */
class ExpectedOutputTest {

    @Test
    void jsonIsComparedAsDataAndVaryingValuesMayDiffer() {
        assertThat(ExpectedOutput.differs("{\"Hello\":\"World\"}", "{\"Hello\": \"World\"}")).isEmpty();
        assertThat(ExpectedOutput.differs("{\"status\":\"ok\",\"timestamp\":\"2024-01-01T00:00:00\"}",
                "{\"status\":\"ok\",\"timestamp\":\"2026-11-25T15:00:00\"}")).isEmpty();
        assertThat(ExpectedOutput.differs("{\"Hello\":\"World\"}", "{\"Hello\":\"there\"}"))
                .hasValueSatisfying(d -> assertThat(d).contains("Hello", "\"there\"", "\"World\""));
        assertThat(ExpectedOutput.differs("{\"a\":1}", "{\"a\":1,\"b\":2}")).hasValueSatisfying(d -> assertThat(d)
                .contains("b is not in the document"));
        assertThat(ExpectedOutput.differs("{\"a\":1}", "Internal Server Error")).isPresent();
    }

    @Test
    void textLinesAreFoundWithNumbersMasked() {
        assertThat(ExpectedOutput.differs("INFO:     Uvicorn running on http://0.0.0.0:8000 (Press CTRL+C to quit)",
                "INFO:     Started server process [978]\nINFO:     Uvicorn running on http://0.0.0.0:8001 (Press CTRL+C to quit)"))
                .isEmpty();
        assertThat(ExpectedOutput.differs("active (running)\n...", "Active: active (running) since Tue")).isEmpty();
        assertThat(ExpectedOutput.differs("active (running)", "Active: failed (Result: exit-code)"))
                .hasValueSatisfying(d -> assertThat(d).contains("active (running)"));
    }

    @Test
    void aLineTheDocumentShortenedIsFoundWordByWordButNotAnotherLine() {
        String certbot = "Deploying certificate\nCongratulations! You have successfully enabled HTTPS on https://lab.example and"
                + " https://www.lab.example\n";
        assertThat(ExpectedOutput.differs("Congratulations! You have successfully enabled https://lab.example", certbot)).isEmpty();
        assertThat(ExpectedOutput.differs("Congratulations! You have successfully enabled https://other.example", certbot))
                .isPresent();
        assertThat(ExpectedOutput.differs("successfully enabled https://www.lab.example https://lab.example", certbot))
                .as("the words out of order").isPresent();
        assertThat(ExpectedOutput.differs("Active: active (running) since", "Active: inactive (running) since Tue"))
                .as("a word matched whole").isPresent();
    }

    @Test
    void nothingExpectedIsNothingToCompare() {
        assertThat(ExpectedOutput.differs("  ", "anything")).isEmpty();
    }
}

package io.labcheck.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResultsWriterTest {
    @TempDir
    Path dir;

    @Test
    void writesAndReadsBackEveryField() throws IOException {
        Results written = full();
        Path file = new ResultsWriter().write(written, dir.resolve("nested"));
        assertThat(new ResultsReader().read(file)).isEqualTo(written);
        assertThat(ResultsSchema.problems(file)).isEmpty();
    }

    @Test
    void aWriteBrokenHalfWayLeavesNoResultsFile() {
        assertThatThrownBy(() -> breakingWriter().write(full(), dir)).isInstanceOf(IOException.class);
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aWriteBrokenHalfWayLeavesThePreviousFileWhole() throws IOException {
        Path file = new ResultsWriter().write(full(), dir);
        String before = Files.readString(file);
        assertThatThrownBy(() -> breakingWriter().write(full(), dir)).isInstanceOf(IOException.class);
        assertThat(Files.readString(file)).isEqualTo(before);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void theReaderRefusesAnUnknownSchemaVersion() throws IOException {
        Path file = Files.writeString(dir.resolve("results.json"), "{\"schemaVersion\":\"99\"}");
        assertThatThrownBy(() -> new ResultsReader().read(file)).hasMessageContaining("schemaVersion 99");
    }

    /** The schema is not a rubber stamp: it rejects what the model forbids. */
    @Test
    void theSchemaRejectsAFailureWithoutReasonAndUnknownFields() throws IOException {
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) ResultsJson.mapper().valueToTree(full());
        var status = (com.fasterxml.jackson.databind.node.ObjectNode) tree.at("/labs/0/steps/1/status");
        status.putNull("reason");
        tree.put("extra", true);
        assertThat(ResultsSchema.problems(tree)).extracting(Object::toString)
                .anySatisfy(e -> assertThat(e).contains("reason"))
                .anySatisfy(e -> assertThat(e).contains("extra"));
    }

    /** quote came after version 1 was published: a file written before it must still validate and read. */
    @Test
    void aPlaceWithoutAQuoteStillValidatesAndReadsAsNull() throws IOException {
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) ResultsJson.mapper().valueToTree(full());
        var place = (com.fasterxml.jackson.databind.node.ObjectNode) tree.at("/labs/0/documentFindings/0/places/0");
        assertThat(place.remove("quote").asText()).isEqualTo("ssh: connect to host port 22: Connection refused");
        assertThat(ResultsSchema.problems(tree)).isEmpty();
        Path file = Files.writeString(dir.resolve("results.json"), tree.toString());
        assertThat(new ResultsReader().read(file).labs().get(0).documentFindings().get(0).places().get(0))
                .isEqualTo(new DocumentFinding.Place("트러블슈팅", 120));
    }

    private static ResultsWriter breakingWriter() {
        return new ResultsWriter(out -> new FilterOutputStream(out) {
            private int written;

            @Override
            public void write(int b) throws IOException {
                if (++written > 100) {
                    throw new IOException("disk full (simulated)");
                }
                super.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                for (int i = 0; i < len; i++) {
                    write(b[off + i]);
                }
            }
        });
    }

    static Results full() {
        Step passed = new Step("install()", "1. install", "3. Install", "server", List.of("pip3 install fastapi"),
                StepStatus.passed(), 12, new Evidence(0, "Successfully installed", 200, List.of(new Entry("installed", "fastapi"))));
        Step failed = new Step("browse()", "2. browse", null, "browser", List.of(), StepStatus.failed("timed out"), 3000, Evidence.none());
        Step skipped = new Step("oom()", "3. oom", null, null, List.of(), StepStatus.skipped("no Docker"), 0, Evidence.none());
        FaultResult fault = new FaultResult("loopback-bind", true, List.of("bind-loopback"), List.of("bind-loopback"), true, true, 41L);
        DocumentFinding finding = new DocumentFinding("symptom-differs", "the document says refused; it times out",
                List.of(new DocumentFinding.Place("트러블슈팅", 120, "ssh: connect to host port 22: Connection refused"),
                        new DocumentFinding.Place(null, null)));
        Lab lab = new Lab("io.labcheck.Lab", "Lab", StepStatus.failed("a step failed"), List.of(new Entry("host image", "bookworm")),
                List.of(passed, failed, skipped), List.of(fault), List.of(finding));
        Run run = new Run("20261122-170000-abcd1234", "2026-11-22T17:00:00Z", 4000,
                new Tier("embedded", "container", "ubuntu:22.04"), List.of("PyPI: local wheels"));
        return Results.of(run, List.of(lab), new Environment("Linux 6.1", "amd64", "17.0.1", 2));
    }
}

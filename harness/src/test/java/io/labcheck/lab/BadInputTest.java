package io.labcheck.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad documents get one line that names the problem and the fix. */
class BadInputTest {

    @Test
    void missingFile(@TempDir Path dir) {
        assertThatThrownBy(() -> LabPlan.read(dir.resolve("nope.md"))).isInstanceOf(LabDocumentException.class)
                .hasMessageEndingWith("nope.md: check the path");
    }

    @Test
    void binaryFile(@TempDir Path dir) throws IOException {
        Path bin = Files.write(dir.resolve("lab.pdf"), new byte[] {'%', 'P', 'D', 'F', 0, 1, 2});
        assertThatThrownBy(() -> LabPlan.read(bin)).hasMessageContaining("is a binary file, not a lab document");
    }

    @Test
    void notUtf8(@TempDir Path dir) throws IOException {
        Path latin1 = Files.write(dir.resolve("lab.md"), "# caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> LabPlan.read(latin1)).hasMessageContaining("is not UTF-8 text: save the lab document as UTF-8");
    }

    @Test
    void emptyDocument(@TempDir Path dir) throws IOException {
        Path empty = Files.writeString(dir.resolve("lab.md"), "  \n\n");
        assertThatThrownBy(() -> LabPlan.read(empty)).hasMessageContaining("is empty");
    }

    @Test
    void noSteps(@TempDir Path dir) throws IOException {
        Path prose = Files.writeString(dir.resolve("lab.md"), "# A lab\n\nOnly words here.\n\n```python\nprint(1)\n```\n");
        assertThatThrownBy(() -> LabPlan.read(prose)).hasMessageContaining("has no steps labcheck can find")
                .hasMessageContaining("```bash");
    }

    @Test
    void aDirectory(@TempDir Path dir) {
        assertThatThrownBy(() -> LabPlan.read(dir)).hasMessageContaining("is a directory");
    }

    @Test
    void messagesAreOneLine(@TempDir Path dir) throws IOException {
        Path empty = Files.writeString(dir.resolve("lab.md"), "");
        try {
            LabPlan.read(empty);
        } catch (LabDocumentException e) {
            assertThat(e.getMessage()).doesNotContain("\n");
            return;
        }
        throw new AssertionError("expected an error");
    }

    @Test
    void crlfAndABomReadLikeUnixText(@TempDir Path dir) throws IOException {
        Path doc = Files.writeString(dir.resolve("lab.md"), "\uFEFF# Lab\r\n```bash\r\nssh -i k.pem ubuntu@203.0.113.10\r\n```\r\n");
        LabPlan plan = LabPlan.read(doc);
        assertThat(plan.title()).isEqualTo("Lab");
        assertThat(plan.steps().get(0).commands().get(0).text()).isEqualTo("ssh -i k.pem ubuntu@203.0.113.10");
    }
}

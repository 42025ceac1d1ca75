package io.labcheck.lab;

import io.labcheck.junit.RequiresSeedLabs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LabDocumentTest {
    /** Seed 001, the EC2 chapter (../shared/seeds). */
    private static final String SEED_001 = "001_3c50021fb78c7afb.txt";


    @Test
    void fencedBlocksKeepTheirLanguageAndContent(@TempDir Path dir) throws IOException {
        Path doc = dir.resolve("lab.md");
        Files.writeString(doc, """
                # Lab
                ```bash
                $ ssh -i key.pem ubuntu@1.2.3.4
                ```
                Some text with `inline code`.

                ```python title="app.py"
                print("hi")
                ```

                    indented code is not fenced
                """);
        LabDocument lab = LabDocument.read(doc);
        assertThat(lab.codeBlocks()).extracting(LabDocument.CodeBlock::language).containsExactly("bash", "python");
        assertThat(lab.codeBlock("python", c -> c.contains("print")).orElseThrow().content()).isEqualTo("print(\"hi\")\n");
    }

    @RequiresSeedLabs

    @Test
    void theEc2SeedHasTheFastApiAppAndTheUvicornCommand() {
        LabDocument seed = SeedLabs.read(SEED_001);
        String app = seed.codeBlock("python", c -> c.contains("FastAPI()")).orElseThrow().content();
        assertThat(app).contains("@app.get(\"/\")").contains("\"Hello\": \"World\"");
        assertThat(seed.codeBlock("bash", c -> c.contains("uvicorn main:app"))).isPresent();
    }

    @Test
    void aMissingDocumentNamesThePath(@TempDir Path dir) {
        LabDocumentException e = assertThrows(LabDocumentException.class,
                () -> LabDocument.read(dir.resolve("nope.md")));
        assertThat(e.getMessage()).contains("nope.md").contains("check the path");
    }

    @Test
    void aBinaryDocumentIsRefusedAsNotText(@TempDir Path dir) throws IOException {
        Path bin = dir.resolve("lab.pdf");
        Files.write(bin, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, (byte) 0xc3, 0x28});
        LabDocumentException e = assertThrows(LabDocumentException.class, () -> LabDocument.read(bin));
        assertThat(e.getMessage()).contains("not UTF-8");
    }
}

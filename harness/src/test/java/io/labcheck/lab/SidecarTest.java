package io.labcheck.lab;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SidecarTest {

    @Test
    void aDocumentWithoutASidecarHasNone(@TempDir Path dir) throws Exception {
        Path doc = Files.writeString(dir.resolve("lab.md"), "# Lab\n");
        assertThat(Sidecar.besides(doc)).isEqualTo(dir.resolve("lab.labcheck.yml"));
        assertThat(Sidecar.of(doc)).isSameAs(Sidecar.NONE);
        assertThat(Sidecar.NONE.chosenAlternative()).isEqualTo(1);
    }

    @Test
    void repositoriesResolveTheirFixtureBesideTheSidecar(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("fixtures/shop"));
        Path doc = Files.writeString(dir.resolve("000_lab.txt"), "# Lab\n");
        Files.writeString(Sidecar.besides(doc), """
                # what the document assumes
                repositories:
                  - url: https://github.com/example-org/shop.git
                    from: fixtures/shop
                  - url: git@github.com:example-org/tools
                    from: fixtures/shop
                option: 2
                """);
        Sidecar s = Sidecar.of(doc);
        assertThat(s.repositories()).extracting(Sidecar.Repository::name).containsExactly("shop", "tools");
        assertThat(s.repositories().get(0).from()).isEqualTo(dir.resolve("fixtures/shop"));
        assertThat(s.chosenAlternative()).isEqualTo(2);
    }

    @Test
    void mistakesNameTheFileTheLineAndTheFix(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("lab.labcheck.yml");
        Files.writeString(file, "repositories:\n  - url: https://github.com/a/b.git\n    from: nowhere\n");
        assertThatThrownBy(() -> Sidecar.read(file)).isInstanceOf(LabDocumentException.class)
                .hasMessageContaining("lab.labcheck.yml").hasMessageContaining("'from: nowhere'").hasMessageContaining("not a directory");
        Files.writeString(file, "repository:\n  - url: https://github.com/a/b.git\n");
        assertThatThrownBy(() -> Sidecar.read(file)).hasMessageContaining("line 1").hasMessageContaining("unknown key 'repository'")
                .hasMessageContaining("repositories, option");
        Files.writeString(file, "repositories:\n  - from: .\n");
        assertThatThrownBy(() -> Sidecar.read(file)).hasMessageContaining("repository 1 has no url");
        Files.writeString(file, "repositories:\n  - url: github.com/a/b\n    from: .\n");
        assertThatThrownBy(() -> Sidecar.read(file)).hasMessageContaining("is not a repository URL");
        Files.writeString(file, "repositories:\n  - url: https://h/a/b.git\n    from: .\n  - url: https://h/a/b\n    from: .\n");
        assertThatThrownBy(() -> Sidecar.read(file)).hasMessageContaining("named twice");
        Files.writeString(file, "option: 0\n");
        assertThatThrownBy(() -> Sidecar.read(file)).hasMessageContaining("option 0 names no alternative");
        Files.writeString(file, "option: [1\n");
        assertThatThrownBy(() -> Sidecar.read(file)).hasMessageContaining("lab.labcheck.yml").hasMessageNotContaining("Exception");
    }
}

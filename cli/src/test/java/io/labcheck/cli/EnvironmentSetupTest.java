package io.labcheck.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Without a Docker engine and without the means to start one, validate stops with what to do. */
class EnvironmentSetupTest {

    @Test
    void noEngineAndNoRepositoryToStartOneFromNamesTheCommand(@TempDir Path dir) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        var setup = new EnvironmentSetup(new PrintStream(printed, true, StandardCharsets.UTF_8), null,
                dir.resolve("no-docker-here").toString());
        assertThatThrownBy(setup::ensureContainerHosts).isInstanceOf(Labcheck.UserError.class)
                .hasMessageContaining("no Docker engine answers")
                .hasMessageContaining("bash fixtures/docker-engine.sh");
        assertThat(printed.toString(StandardCharsets.UTF_8)).as("nothing was started").isEmpty();
    }

    @Test
    void aRepositoryWithoutTheScriptIsNoPlaceToStartOneFrom(@TempDir Path dir) {
        var setup = new EnvironmentSetup(System.out, dir, dir.resolve("no-docker-here").toString());
        assertThatThrownBy(setup::ensureContainerHosts).isInstanceOf(Labcheck.UserError.class)
                .hasMessageContaining("start it as root");
    }
}

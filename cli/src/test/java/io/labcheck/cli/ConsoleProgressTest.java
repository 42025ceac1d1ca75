package io.labcheck.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/** Progress as a terminal shows it (a live line, colour) and as a CI log gets it (plain lines only). */
class ConsoleProgressTest {
    private static final String CLOUD_STEPS = "io.labcheck.scenarios.cloud.CloudStepsScenario";

    private static String run(boolean terminal, boolean colour) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ConsoleProgress progress = new ConsoleProgress(new PrintStream(out, true, StandardCharsets.UTF_8),
                terminal, colour)) {
            LauncherFactory.create().execute(request().selectors(selectClass(CLOUD_STEPS)).build(), progress);
            assertThat(progress.counts()).isEqualTo(new ConsoleProgress.Counts(8, 0, 0));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void pipedOutputIsPlainLinesWithNOfNAndTheTime() {
        String out = run(false, true);

        assertThat(out).doesNotContain("\033", "\r");
        assertThat(out.lines()).first().asString().isEqualTo("== Cloud steps of the EC2 labs");
        assertThat(out.lines().skip(1)).hasSize(8).allMatch(l -> l.matches("\\[\\d/8 \\d\\d:\\d\\d] PASS \\d\\. .+ \\(\\d+\\.\\d\\d s\\)"));
    }

    @Test
    void aTerminalGetsALiveLineAndColour() {
        String out = run(true, true);

        assertThat(out).contains("\r\033[2K", "\033[32mPASS\033[0m", "\033[2m[1/8 ");
        assertThat(run(true, false)).as("NO_COLOR: the live line stays, the colour goes").contains("\r\033[2K")
                .doesNotContain("\033[32m", "\033[2m");
    }
}

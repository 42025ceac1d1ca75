package io.labcheck.substitute;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stand-in for installers' downloads, fetched by the real curl as an instance's {@code ~/.curlrc} sends it
 * there: the substitute under the real URL, over TLS that verifies against the run's CA; anything else a 404 that
 * says so; every download recorded for the reports.
 */
class DownloadsTest {

    private static String curl(Path dir, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("curl", "-sS", "-K", dir.resolve("curlrc").toString(),
                "--cacert", dir.resolve("ca.pem").toString()));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("curl ended").isTrue();
        return "exit " + p.exitValue() + ": " + out;
    }

    @Test
    void curlGetsTheSubstituteUnderTheRealNameOverVerifiedTls(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(new ProcessBuilder("curl", "--version").start().waitFor() == 0, "no curl here");
        try (Downloads downloads = Downloads.start("127.0.0.1", RunCa.create())) {
            Files.writeString(dir.resolve("ca.pem"), downloads.caPem());
            Files.writeString(dir.resolve("curlrc"), downloads.curlrc());
            assertThat(downloads.curlrc()).contains("connect-to = get.docker.com:443:127.0.0.1:");

            Path script = dir.resolve("get-docker.sh");
            assertThat(curl(dir, "-fsSL", "https://get.docker.com", "-o", script.toString())).startsWith("exit 0");
            assertThat(Files.readString(script)).contains("apt-get install -y -qq docker.io docker-compose")
                    .startsWith("#!/bin/sh");
            assertThat(curl(dir, "-fsSL", "https://github.com/docker/compose/releases/latest/download/docker-compose-Linux-x86_64"))
                    .startsWith("exit 0").contains("exec /usr/bin/docker-compose");

            String missing = curl(dir, "-sS", "https://github.com/someone/else.tar.gz");
            assertThat(missing).contains("labcheck serves no substitute for https://github.com/someone/else.tar.gz");

            assertThat(downloads.takeServed()).extracting(Downloads.Served::url).containsExactly(
                    "https://get.docker.com/", "https://github.com/docker/compose/releases/latest/download/docker-compose-Linux-x86_64");
            assertThat(downloads.takeServed()).isEmpty();

            // without the run's CA, curl refuses the certificate: nothing is trusted that the instance was not given
            Process p = new ProcessBuilder("curl", "-sS", "-K", dir.resolve("curlrc").toString(), "https://get.docker.com")
                    .redirectErrorStream(true).start();
            String refused = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(refused).isEqualTo(60);
        }
    }
}

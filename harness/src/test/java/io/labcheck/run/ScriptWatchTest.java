package io.labcheck.run;

import io.labcheck.lab.LabPlan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The watch on a script the document wrote: which commands it went on after, under this machine's bash. */
class ScriptWatchTest {
    @TempDir
    Path dir;

    private record Ran(int exit, String output, List<ScriptWatch.Failed> failed) {}

    private Ran run(String script) throws IOException, InterruptedException {
        Path file = dir.resolve("deploy.sh");
        Files.writeString(file, script);
        Path log = dir.resolve("watch.log");
        Files.writeString(dir.resolve("watch.sh"), ScriptWatch.trap(log.toString()));
        ProcessBuilder pb = new ProcessBuilder("bash", file.toString()).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("BASH_ENV", dir.resolve("watch.sh").toString());
        Process q = pb.start();
        String out = new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(q.waitFor(30, TimeUnit.SECONDS)).as("the script ended within 30 s").isTrue();
        String logged = Files.exists(log) ? Files.readString(log) : "";
        return new Ran(q.exitValue(), out, ScriptWatch.parse(logged, out, 40));
    }

    @Test
    void aScriptWithoutSetEThatGoesOnAfterAFailureExitsZeroAndTheWatchNamesEachFailure() throws Exception {
        Ran r = run("""
                #!/bin/bash
                TARGET=green
                if grep -q never-there /dev/null; then
                    TARGET=blue
                fi
                sed -i "s/blue/$TARGET/" switch.conf
                ls missing-dir || true
                bash -c 'exit 4'
                echo "switched to $TARGET"
                """);
        assertThat(r.exit()).isZero();
        assertThat(r.output()).contains("switched to green");
        assertThat(r.failed()).extracting(ScriptWatch.Failed::line).containsExactly(6, 8);
        assertThat(r.failed().get(0).status()).isEqualTo(2);
        assertThat(r.failed().get(0).command()).isEqualTo("sed -i \"s/blue/$TARGET/\" switch.conf");
        assertThat(r.failed().get(0).said()).startsWith("sed: can't read switch.conf: No such file or directory");
        assertThat(r.failed().get(1).status()).isEqualTo(4);
        assertThat(r.failed().get(1).describe()).isEqualTo("line 8 (document line 47) 'bash -c 'exit 4'' exited 4");
    }

    @Test
    void aScriptWhoseFailuresAreAllConditionsOrThatStopsAtOneLeavesTheWatchEmptyOrAtThatOne() throws Exception {
        Ran clean = run("""
                #!/bin/bash
                if ! curl -sf http://127.0.0.1:9/health; then echo "health check failed"; exit 1; fi
                """);
        assertThat(clean.exit()).isEqualTo(1);
        assertThat(clean.failed()).isEmpty();
        Ran stops = run("""
                #!/bin/bash
                set -e
                cat no-such-file
                echo never
                """);
        assertThat(stops.exit()).isEqualTo(1);
        assertThat(stops.output()).doesNotContain("never");
        assertThat(stops.failed()).extracting(ScriptWatch.Failed::line).containsExactly(3);
    }

    @Test
    void whatTheFailuresNameThatTheDocumentNeverMakesIsSaid() {
        LabPlan plan = LabPlan.parse("bg.md", """
                # Blue-green

                ```bash
                ssh -i key.pem ubuntu@<public-ip>
                ```

                **compose.bg.yml**:
                ```yaml
                services:
                  app-blue:
                    build: .
                  proxy:
                    image: nginx:alpine
                    container_name: shop-proxy
                ```

                **switch.sh**:
                ```bash
                #!/bin/bash
                docker compose -f compose.bg.yml up -d app-blue
                sed -i "s/green/blue/" proxy.conf
                docker exec shop-proxy nginx -s reload
                ```
                """);
        List<ScriptWatch.Failed> failed = List.of(
                new ScriptWatch.Failed(2, 3, "sed -i \"s/green/blue/\" proxy.conf", "sed: can't read proxy.conf: No such file or directory", 0),
                new ScriptWatch.Failed(1, 4, "docker exec shop-proxy nginx -s reload", "Error response from daemon: No such container: shop-proxy", 0));
        assertThat(ScriptWatch.neverMade(plan, failed)).containsExactly("no step of the document writes proxy.conf",
                "shop-proxy is the container of the service 'proxy' in compose.bg.yml, which nothing the document runs starts");
        assertThat(ScriptWatch.of(plan, "bash switch.sh")).map(ScriptWatch::script).contains("switch.sh");
        assertThat(ScriptWatch.of(plan, "./switch.sh")).map(ScriptWatch::script).contains("switch.sh");
        assertThat(ScriptWatch.of(plan, "sudo bash switch.sh")).isEmpty(); // sudo drops BASH_ENV
        assertThat(ScriptWatch.of(plan, "bash other.sh")).isEmpty();
    }
}

package io.labcheck.cli;

import io.labcheck.junit.RequiresSeedLabs;

import io.labcheck.lab.SeedLabs;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The command line as a user meets it: exit codes 0/1/2, one-line errors, output a script can read. */
class CommandsTest {
    /** Seed 001, the EC2 chapter (../shared/seeds). */
    private static final String SEED_001 = "001_3c50021fb78c7afb.txt";


    private static String seed(String name) {
        return SeedLabs.directory().resolve(name).toString();
    }

    @RequiresSeedLabs

    @Test
    void lintExitsOneOnADocumentWithAnErrorAndZeroOnOneWithout() {
        Cli.Outcome bad = Cli.run("lint", seed("002_4ea6e1dbebd9b71b.txt"));
        assertEquals(1, bad.exitCode(), bad.out() + bad.err());
        assertThat(bad.out()).contains("proxy.upstream");
        Cli.Outcome fine = Cli.run("lint", seed(SEED_001));
        assertEquals(0, fine.exitCode(), fine.out() + fine.err());
    }

    @RequiresSeedLabs

    @Test
    void planAsJsonIsJson() throws Exception {
        Cli.Outcome plan = Cli.run("plan", "--json", seed(SEED_001));
        assertEquals(0, plan.exitCode(), plan.err());
        JsonNode json = new ObjectMapper().readTree(plan.out());
        assertThat(json.toString()).contains("steps");
    }

    @Test
    void aMissingDocumentIsOneLineAndExitTwo(@TempDir Path dir) {
        Cli.Outcome missing = Cli.run("lint", dir.resolve("nope.md").toString());
        assertEquals(2, missing.exitCode());
        assertThat(missing.err().strip().lines()).hasSize(1);
        assertThat(missing.err()).contains("nope.md");
    }

    @RequiresSeedLabs

    @Test
    void initWritesAnAnnotatedCopy(@TempDir Path dir) throws Exception {
        Path copy = dir.resolve("lab.labcheck.md");
        Cli.Outcome init = Cli.run("init", seed(SEED_001), "--output", copy.toString());
        assertEquals(0, init.exitCode(), init.err());
        assertThat(Files.readString(copy)).contains("<!-- labcheck:");
    }

    @Test
    void badUsageIsExitTwoWithTheFix() {
        Cli.Outcome cloud = Cli.run("validate", "ec2-cloud", "--cloud", "nimbus");
        assertEquals(2, cloud.exitCode());
        assertThat(cloud.err()).contains("use one of embedded, localstack, aws");
        assertEquals(2, Cli.run("frobnicate").exitCode());
        Cli.Outcome bench = Cli.run("bench", "warp-speed");
        assertEquals(2, bench.exitCode());
        assertThat(bench.err()).contains("use startup, first-ssh, ssh-exec, diagnosis, grade, validate or all");
    }

    @Test
    void everyCommandHasHelpWithAnExample() {
        var commands = Labcheck.commandLine().getSubcommands().keySet().stream().filter(c -> !c.equals("help")).toList();
        assertThat(commands).contains("validate", "list", "plan", "lint");
        for (String command : commands) {
            Cli.Outcome help = Cli.run(command, "--help");
            assertEquals(0, help.exitCode(), command);
            assertThat(help.out()).as(command).contains("Example").contains("./labcheck " + command);
        }
    }

    @Test
    void lintJsonGivesEachFindingWithItsCodeSeverityAndLines(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path doc = java.nio.file.Files.writeString(dir.resolve("lab.md"), """
                # A service

                ```bash
                ssh -i key.pem ubuntu@203.0.113.7
                sudo apt install -y nginx
                vim /etc/nginx/sites-available/app
                ```
                """);
        Cli.Outcome out = Cli.run("lint", "--json", doc.toString());
        assertThat(out.exitCode()).as(out.all()).isEqualTo(1);
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.out());
        assertThat(json.get("document").asText()).isEqualTo("lab.md");
        assertThat(json.get("errors").asInt()).isEqualTo(1);
        assertThat(json.get("findings")).extracting(f -> f.get("code").asText() + " " + f.get("severity").asText()
                + " " + f.get("lines")).contains("edit.no-sudo error [6]", "key.unprotected warning [4]");
    }
}

package io.labcheck.cli;

import io.labcheck.lab.Sidecar;
import io.labcheck.report.Lab;
import io.labcheck.report.Results;
import io.labcheck.report.ResultsReader;
import io.labcheck.report.ResultsSchema;
import io.labcheck.report.Step;
import io.labcheck.report.StepStatus;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code labcheck validate}: its usage errors (exit 2, one line, the fix) and a lab step that fails (exit 1). */
class ValidateCommandTest {

    private static void assertUsageError(Cli.Outcome outcome, String... named) {
        assertEquals(2, outcome.exitCode(), outcome.all());
        assertThat(outcome.err().strip().lines()).as("one line: " + outcome.err()).hasSize(1);
        assertThat(outcome.err()).contains(named).doesNotContain("Exception");
    }

    @Test
    void anUnknownLabNamesTheLabsThereAre() {
        assertUsageError(Cli.run("validate", "ec3-fastapi"), "'ec3-fastapi'", "fastapi-nohup", "ec2-cloud", "labcheck list");
    }

    @Test
    void anUnknownFaultNamesTheFaultsOfTheLab() {
        assertUsageError(Cli.run("validate", "fastapi-nohup", "--faults", "loopback-bind,disk-full"),
                "disk-full", "loopback-bind, app-not-running");
        assertUsageError(Cli.run("validate", "ec2-cloud", "--faults", "loopback-bind"), "inject none");
    }

    @Test
    void localHostsAreRefusedForALabThatChangesTheServer() {
        assertUsageError(Cli.run("validate", "fastapi-nohup", "--hosts", "local"), "--hosts local", "--hosts container");
        assertUsageError(Cli.run("validate", "fastapi-nohup", "--hosts", "vm"), "use container or local");
    }

    @Test
    void containerHostsNeedTheEmbeddedCloud() {
        assertUsageError(Cli.run("validate", "fastapi-nohup", "--cloud", "localstack"), "--cloud embedded");
        assertUsageError(Cli.run("validate", "ec2-cloud", "--cloud", "nimbus"), "use one of embedded, localstack, aws");
    }

    @Test
    void aDocumentWithoutStepsOrAMissingOneIsAUsageError(@TempDir Path dir) throws Exception {
        Path doc = Files.writeString(dir.resolve("notes.md"), "# Notes\n\nOnly prose here, nothing to run.\n");
        assertUsageError(Cli.run("validate", doc.toString()), "notes.md", "no steps");
        assertUsageError(Cli.run("validate", dir.resolve("missing.md").toString()), "missing.md", "neither a lab nor a file");
    }

    @Test
    void anUnwritableReportDirectoryIsAUsageError(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertUsageError(Cli.run("validate", "ec2-cloud", "--report-dir", file.resolve("sub").toString()),
                "--report-dir", "cannot be written");
    }

    @Test
    void theCloudStepsPassAndWriteTheirResults(@TempDir Path dir) throws Exception {
        Cli.Outcome outcome = Cli.run("validate", "ec2-cloud", "--report-dir", dir.toString());
        assertEquals(0, outcome.exitCode(), outcome.all());
        assertThat(outcome.out()).contains("[1/", "PASS", "PASSED", "results: " + dir.resolve("results.json").toAbsolutePath());
        Results results = read(dir.resolve("results.json"));
        assertThat(results.labs()).singleElement().satisfies(lab -> {
            assertThat(lab.steps()).isNotEmpty().allMatch(s -> s.status().state() == StepStatus.State.PASSED);
        });
        assertThat(results.run().tier().cloudProvider()).isEqualTo("embedded");
    }

    /**
     * An author's copy of the project's nohup lab that starts the app on 127.0.0.1: the lab's own port check
     * fails at that step, the run exits 1, the results say which step and why, and the laptop's curl after it
     * is skipped, naming the step it stood on.
     */
    @Test
    void aDocumentWhoseStepFailsExitsOneAndTheResultsShowTheStepAndItsEvidence(@TempDir Path dir) throws Exception {
        requireContainerHosts();
        String lab = Files.readString(Path.of("../scenarios/src/main/resources/labs/fastapi-nohup.md"), StandardCharsets.UTF_8);
        String broken = lab.replace("--host 0.0.0.0 --port 8000 > app.log", "--host 127.0.0.1 --port 8000 > app.log");
        assertThat(broken).as("the lab still has the command this test edits").isNotEqualTo(lab);
        Path doc = Files.writeString(dir.resolve("lab.md"), broken, StandardCharsets.UTF_8);
        Path reports = dir.resolve("report");

        Cli.Outcome outcome = Cli.run("validate", doc.toString(), "--faults", "none", "--report-dir", reports.toString());

        assertEquals(1, outcome.exitCode(), outcome.all());
        assertThat(outcome.out()).contains("FAIL 12.", "FAILED");
        Results results = read(reports.resolve("results.json"));
        Lab labResult = results.labs().get(0);
        assertThat(labResult.id()).isEqualTo("lab");
        Step failed = labResult.steps().stream().filter(s -> s.status().state() == StepStatus.State.FAILED)
                .findFirst().orElseThrow();
        assertThat(failed.title()).startsWith("12.");
        assertThat(failed.status().reason()).contains("nothing listens on 0.0.0.0:8000", "127.0.0.1:8000");
        assertThat(failed.commands()).first().asString().startsWith("nohup python3 -m uvicorn main:app --host 127.0.0.1");
        assertThat(failed.evidence().entries()).as("what nohup is for is proved before the lab's own check fails")
                .anyMatch(e -> e.key().equals("check") && e.value().matches("pid \\d+ survives SIGHUP .* on 127\\.0\\.0\\.1:8000"));
        assertThat(labResult.steps()).filteredOn(s -> s.title().startsWith("13.")).singleElement()
                .satisfies(s -> assertThat(s.status().reason()).contains("stands on step 12"));
    }

    /**
     * The project's systemd lab with one bug that shows only when it runs: its unit's WorkingDirectory is a folder
     * no step creates. The step that starts the unit fails, saying the unit is not active and showing systemd's own
     * account; the laptop's request after it is skipped, naming the step it stood on.
     */
    @Test
    void aUnitWhoseWorkingDirectoryNoStepCreatesFailsAtItsStep(@TempDir Path dir) throws Exception {
        requireContainerHosts();
        String lab = Files.readString(Path.of("../scenarios/src/main/resources/labs/fastapi-systemd.md"), StandardCharsets.UTF_8);
        String broken = lab.replace("WorkingDirectory=/home/ubuntu/notes\n", "WorkingDirectory=/home/ubuntu/notes-app\n");
        assertThat(broken).as("the lab still has the line this test edits").isNotEqualTo(lab);
        Path doc = Files.writeString(dir.resolve("notes-lab.md"), broken, StandardCharsets.UTF_8);
        Path reports = dir.resolve("report");

        Cli.Outcome outcome = Cli.run("validate", doc.toString(), "--faults", "none", "--report-dir", reports.toString());

        assertEquals(1, outcome.exitCode(), outcome.all());
        Lab result = read(reports.resolve("results.json")).labs().get(0);
        Step failed = result.steps().stream().filter(s -> s.status().state() == StepStatus.State.FAILED)
                .findFirst().orElseThrow();
        assertThat(failed.commands()).anyMatch(c -> c.contains("systemctl enable --now notes"));
        assertThat(failed.status().reason()).contains("notes is ", "not active")
                .containsAnyOf("failed", "keeps restarting");
        assertThat(failed.evidence().entries()).anyMatch(e -> e.key().equals("output") && e.value().contains("CHDIR"));
        Step after = result.steps().get(result.steps().indexOf(failed) + 1);
        assertThat(after.title()).contains("curl -s http://<public-ip>:8000/notes");
        assertThat(after.status().state()).isEqualTo(StepStatus.State.SKIPPED);
        assertThat(after.status().reason()).contains("stands on step " + failed.title().substring(0, failed.title().indexOf('.')));
    }

    /**
     * The same broken unit, declared in the lab's sidecar as a known defect of the document with the repair a
     * student would make: the step is a known defect (not a failure), the repair is in its evidence, the step then
     * passes (the unit's restart proved), the rest of the lab runs on it, and the run exits 0. The same sidecar on
     * the unbroken document fails the run: a declaration cannot outlive its defect.
     */
    @Test
    void aKnownDefectTheSidecarDeclaresIsRepairedAndDoesNotFailTheRunButOneThatStopsHappeningDoes(@TempDir Path dir)
            throws Exception {
        requireContainerHosts();
        String lab = Files.readString(Path.of("../scenarios/src/main/resources/labs/fastapi-systemd.md"), StandardCharsets.UTF_8);
        String broken = lab.replace("WorkingDirectory=/home/ubuntu/notes\n", "WorkingDirectory=/home/ubuntu/notes-app\n");
        String sidecar = """
                known-defects:
                  - step: systemctl enable --now notes
                    finding: WorkingDirectory=/home/ubuntu/notes-app does not exist
                    why: the unit names a folder no step makes
                    repair:
                      server: ln -sfn /home/ubuntu/notes /home/ubuntu/notes-app
                """;
        Path doc = Files.writeString(dir.resolve("notes-lab.md"), broken, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("notes-lab.labcheck.yml"), sidecar);
        Path reports = dir.resolve("report");

        Cli.Outcome outcome = Cli.run("validate", doc.toString(), "--faults", "none", "--report-dir", reports.toString());

        assertEquals(0, outcome.exitCode(), outcome.all());
        assertThat(outcome.out()).contains("KNOWN ", "1 known defects of the documents (declared)");
        Lab result = read(reports.resolve("results.json")).labs().get(0);
        Step known = result.steps().stream().filter(s -> s.status().state() == StepStatus.State.KNOWN_DEFECT)
                .findFirst().orElseThrow();
        assertThat(known.commands()).anyMatch(c -> c.contains("systemctl enable --now notes"));
        assertThat(known.status().reason()).contains("known defect of the document", "the unit names a folder no step makes",
                "mended as a student would, and the step then passed");
        assertThat(known.evidence().entries()).anyMatch(e -> e.key().equals("command")
                && e.value().equals("ln -sfn /home/ubuntu/notes /home/ubuntu/notes-app"))
                .anyMatch(e -> e.key().equals("check") && e.value().startsWith("notes came back after its process was killed"));
        assertThat(result.steps()).filteredOn(s -> s.status().state() == StepStatus.State.FAILED).isEmpty();
        Step after = result.steps().get(result.steps().indexOf(known) + 1);
        assertThat(after.status().state()).as("the step after the repaired one runs on it").isEqualTo(StepStatus.State.PASSED);

        Path fixed = Files.writeString(Files.createDirectory(dir.resolve("fixed")).resolve("notes-lab.md"), lab,
                StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("fixed").resolve("notes-lab.labcheck.yml"), sidecar);
        Cli.Outcome stale = Cli.run("validate", fixed.toString(), "--faults", "none", "--report-dir", reports.toString());

        assertEquals(1, stale.exitCode(), stale.all());
        assertThat(stale.out()).contains("declares known defects the run did not show",
                "'WorkingDirectory=/home/ubuntu/notes-app does not exist' at 'systemctl enable --now notes'");
    }

    /**
     * A document that associates an Elastic IP before its first ssh and never restricts the key: the run's own
     * login after the stop/start restricts it, and the omission is still the document's finding.
     */
    @Test
    void aKeyTheElasticIpProofRestrictedIsStillTheDocumentsOmission(@TempDir Path dir) throws Exception {
        requireContainerHosts();
        Path doc = Files.writeString(dir.resolve("stay-lab.md"), """
                # Lab: an address that stays

                ## 1. Launch

                Follow these steps in the EC2 console:

                1. Choose the Ubuntu Server 22.04 LTS image.
                2. For the instance type, select t2.micro.
                3. Create a key pair and give it the name 'stay-key'.
                4. In the security group, add an inbound rule for port 22 with source: Anywhere.
                5. Press Launch instance.

                ## 2. A fixed address

                Allocate an Elastic IP and Associate it with the instance.

                ## 3. Log in

                ```console
                $ ssh -i stay-key.pem ubuntu@<public-ip>
                ```
                """, StandardCharsets.UTF_8);

        Cli.Outcome outcome = Cli.run("validate", doc.toString(), "--faults", "none", "--report-dir", dir.toString());

        assertEquals(0, outcome.exitCode(), outcome.all());
        assertThat(read(dir.resolve("results.json")).labs().get(0).documentFindings()).extracting(f -> f.message())
                .anyMatch(m -> m.contains("stay-key.pem with ssh but never restricts it (chmod 400)"));
    }

    private static final String CLONE_LAB = """
            # Lab: run a tool from a repository

            ## 1. Launch

            Launch an Ubuntu Server 22.04 LTS instance of type t2.micro with a new key pair named 'tools-key'.
            Its security group allows SSH (port 22) from anywhere.

            ## 2. Log in

            ```console
            $ chmod 400 tools-key.pem
            $ ssh -i tools-key.pem ubuntu@<public-ip>
            ```

            ## 3. Get the code

            ```console
            ubuntu@server:~$ sudo apt-get update -qq && sudo apt-get install -y -qq git
            # Option 1: clone the repository
            ubuntu@server:~$ git clone https://github.com/example-org/hello-tools.git
            ubuntu@server:~$ cd hello-tools
            # Option 2: type the script into a folder of your own
            ubuntu@server:~$ mkdir -p ~/by-hand && cd ~/by-hand
            ```

            ## 4. Run it

            ```console
            ubuntu@server:~/hello-tools$ bash hello.sh
            hello from the repository
            ```
            """;

    /**
     * {@code git clone} of a repository this machine cannot reach: with a sidecar naming a fixture directory for
     * its URL, the real git clones the fixture (the command as the document writes it) and the step says it ran
     * against a substitute; without one, the step is not runnable here and says how to give it one. The
     * document's two ways to get the code are alternatives: the first runs, the other is skipped saying why.
     */
    @Test
    void aCloneIsServedFromTheFixtureTheSidecarNamesAndIsNotRunnableWithoutOne(@TempDir Path dir) throws Exception {
        requireContainerHosts();
        Path fixture = Files.createDirectories(dir.resolve("fixture"));
        Files.writeString(fixture.resolve("hello.sh"), "echo hello from the repository\n");
        Path doc = Files.writeString(dir.resolve("tools-lab.md"), CLONE_LAB, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("tools-lab.labcheck.yml"), """
                repositories:
                  - url: https://github.com/example-org/hello-tools.git
                    from: fixture
                """);

        Cli.Outcome outcome = Cli.run("validate", doc.toString(), "--faults", "none", "--report-dir", dir.resolve("r1").toString());

        assertEquals(0, outcome.exitCode(), outcome.all());
        Step clone = stepRunning(read(dir.resolve("r1/results.json")).labs().get(0), "git clone");
        assertThat(clone.status().state()).isEqualTo(StepStatus.State.PASSED);
        assertThat(clone.evidence().entries()).anyMatch(e -> e.key().equals("substitute")
                && e.value().contains("https://github.com/example-org/hello-tools.git")
                && e.value().contains("fixture repository " + fixture));
        assertThat(clone.evidence().entries()).anyMatch(e -> e.key().equals("note")
                && e.value().contains("offers 2 ways") && e.value().contains("Option 1: clone the repository"));
        Step byHand = stepRunning(read(dir.resolve("r1/results.json")).labs().get(0), "mkdir -p ~/by-hand");
        assertThat(byHand.status().state()).isEqualTo(StepStatus.State.SKIPPED);
        assertThat(byHand.status().reason()).contains("another way", "alternative 1", "option: N");
        Step run = stepRunning(read(dir.resolve("r1/results.json")).labs().get(0), "bash hello.sh");
        assertThat(run.status().state()).isEqualTo(StepStatus.State.PASSED);
        assertThat(run.evidence().entries()).anyMatch(e -> e.key().equals("output")
                && e.value().contains("hello from the repository"));

        Files.delete(dir.resolve("tools-lab.labcheck.yml"));
        outcome = Cli.run("validate", doc.toString(), "--faults", "none", "--report-dir", dir.resolve("r2").toString());

        Step unreachable = stepRunning(read(dir.resolve("r2/results.json")).labs().get(0), "git clone");
        assertThat(unreachable.status().state()).as(outcome.all()).isEqualTo(StepStatus.State.SKIPPED);
        assertThat(unreachable.status().reason()).contains("not runnable here", "reaches the internet", "sidecar",
                Sidecar.SUFFIX);
    }

    @Test
    void aSidecarWithAMistakeIsAUsageErrorNamingItsLine(@TempDir Path dir) throws Exception {
        Path doc = Files.writeString(dir.resolve("tools-lab.md"), CLONE_LAB, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("tools-lab.labcheck.yml"), """
                repositories:
                  - url: https://github.com/example-org/hello-tools.git
                    form: fixture
                """);
        assertUsageError(Cli.run("validate", doc.toString(), "--faults", "none"), "tools-lab.labcheck.yml", "line 3",
                "unknown key 'form'", "url, from");
        Files.writeString(dir.resolve("tools-lab.labcheck.yml"), """
                repositories:
                  - url: https://github.com/example-org/hello-tools.git
                    from: no-such-dir
                """);
        assertUsageError(Cli.run("validate", doc.toString(), "--faults", "none"), "tools-lab.labcheck.yml", "no-such-dir",
                "not a directory");
    }

    private static Step stepRunning(Lab lab, String command) {
        return lab.steps().stream().filter(s -> s.title().contains(command) || s.commands().stream().anyMatch(c -> c.contains(command)))
                .findFirst().orElseThrow(() -> new AssertionError("no step runs '" + command + "' in " + lab.steps()));
    }

    /**
     * A lab that launches an instance and never logs in leaves its key as downloaded (0644, which ssh refuses): there
     * is no healthy deployment a student can log in to, so its faults are skipped saying so, not failed.
     */
    @Test
    void aLabThatNeverLogsInHasNoFaultsAndSaysWhy(@TempDir Path dir) throws Exception {
        requireContainerHosts();
        String lab = Files.readString(Path.of("../scenarios/src/main/resources/labs/fastapi-nohup.md"), StandardCharsets.UTF_8);
        String launchOnly = lab.substring(0, lab.indexOf("## 2. Log in"));
        Path doc = Files.writeString(dir.resolve("launch-only.md"), launchOnly, StandardCharsets.UTF_8);

        Cli.Outcome outcome = Cli.run("validate", doc.toString(), "--faults", "instance-stopped,eip-unassociated",
                "--report-dir", dir.resolve("r").toString());

        assertEquals(0, outcome.exitCode(), outcome.all());
        Lab result = read(dir.resolve("r/results.json")).labs().get(0);
        assertThat(stepRunning(result, "RunInstances").status().state()).isEqualTo(StepStatus.State.PASSED);
        assertThat(result.faults()).isEmpty();
        assertThat(result.steps()).filteredOn(s -> s.title().startsWith("instance-stopped")
                || s.title().startsWith("eip-unassociated")).hasSize(2).allSatisfy(s -> {
                    assertThat(s.status().state()).isEqualTo(StepStatus.State.SKIPPED);
                    assertThat(s.status().reason()).contains("the lab never logs in", "fastapi-key.pem", "ssh refuses");
                });
    }

    /** A unit with Restart=always is proved to come back: its process is killed and a new one listens again. */
    @Test
    void aUnitThatSaysRestartComesBackAfterItsProcessIsKilled(@TempDir Path dir) throws Exception {
        requireContainerHosts();
        Cli.Outcome outcome = Cli.run("validate", "fastapi-systemd", "--faults", "none", "--report-dir", dir.toString());

        assertEquals(0, outcome.exitCode(), outcome.all());
        Step unit = stepRunning(read(dir.resolve("results.json")).labs().get(0), "systemctl enable --now notes");
        assertThat(unit.evidence().entries()).anyMatch(e -> e.key().equals("check")
                && e.value().matches("notes came back after its process was killed \\(Restart=always\\): pid (\\d+) -> (?!\\1\\b)\\d+, listening again on 0\\.0\\.0\\.0:8000"));
    }

    /**
     * The project's systemd lab gives a swap file as the fix for running out of memory: a process needing more than
     * is left is killed, the document's commands are typed, and the same process then runs; swapon, refused in a
     * container, is said to stand in as memory added; the fix is taken back after. Its unit, started from the system
     * python instead of its venv's program, is diagnosed as outside its venv.
     */
    @Test
    void theDocumentsSwapFixIsProvedToHelpAndAUnitOutsideItsVenvIsDiagnosed(@TempDir Path dir) throws Exception {
        requireContainerHosts();
        Cli.Outcome outcome = Cli.run("validate", "fastapi-systemd", "--faults", "out-of-memory,venv-inactive",
                "--report-dir", dir.toString());

        assertEquals(0, outcome.exitCode(), outcome.all());
        Lab lab = read(dir.resolve("results.json")).labs().get(0);
        assertThat(lab.faults()).as("the unit's ExecStart on the system python: diagnosed from its journal")
                .filteredOn(f -> f.id().equals("venv-inactive")).singleElement()
                .satisfies(f -> assertThat(f.caught() && f.applied() && f.reverted()).isTrue());
        Step swap = lab.steps().stream()
                .filter(s -> s.title().equals("out-of-memory: the document's swap fix helps")).findFirst().orElseThrow();
        assertThat(swap.status().state()).isEqualTo(StepStatus.State.PASSED);
        assertThat(swap.evidence().entries()).extracting(e -> e.key() + ": " + e.value())
                .anyMatch(l -> l.matches("check: without swap: python3 allocating \\d+ MiB is killed \\(exit 137.*"))
                .anyMatch(l -> l.startsWith("substitute: 'sudo fallocate -l 1G /swapfile && ") && l.contains("1024 MiB of /swapfile were added"))
                .anyMatch(l -> l.matches("check: with the fix: the same allocation of \\d+ MiB goes through"))
                .anyMatch(l -> l.startsWith("check: reverted: /swapfile and its fstab line removed, the memory back to 1024 MiB"));
    }

    /**
     * A diagnosis that cannot name the fault (its rule switched off, as the mutation check does): the fault
     * is injected and reverted but not caught, the run exits 1 and the results say which fault was missed.
     */
    @Test
    void aFaultTheDiagnosisMissesExitsOne(@TempDir Path dir) throws Exception {
        requireContainerHosts();
        String before = System.setProperty("labcheck.rules.disabled", "loopback-bind");
        Cli.Outcome outcome;
        try {
            outcome = Cli.run("validate", "fastapi-nohup", "--faults", "loopback-bind", "--report-dir", dir.toString());
        } finally {
            if (before == null) {
                System.clearProperty("labcheck.rules.disabled");
            } else {
                System.setProperty("labcheck.rules.disabled", before);
            }
        }
        assertEquals(1, outcome.exitCode(), outcome.all());
        assertThat(outcome.out()).contains("FAIL loopback-bind", "MISSED loopback-bind", "FAILED");
        assertThat(outcome.out()).as("the fault × finding matrix, printed").contains("fault × finding, fastapi-nohup")
                .containsPattern("\\n  loopback-bind\\s+✗.*MISSED\\n");
        Results results = read(dir.resolve("results.json"));
        assertThat(results.labs()).flatMap(Lab::faults).singleElement().satisfies(fault -> {
            assertThat(fault.applied()).isTrue();
            assertThat(fault.caught()).isFalse();
            assertThat(fault.reverted()).as("faults are reverted even when the diagnosis misses them").isTrue();
        });
        assertThat(dir.resolve("index.html")).content().contains("loopback-bind", "missed");
    }

    /** Reads a results file this test made, after checking it against the published schema. */
    private static Results read(Path file) throws java.io.IOException {
        assertThat(ResultsSchema.problems(file)).as(file.toString()).isEmpty();
        return new ResultsReader().read(file);
    }

    private static void requireContainerHosts() {
        boolean ready = EnvironmentSetup.engineAnswers();
        if (!ready && System.getenv("LABCHECK_REQUIRE_DOCKER") != null) {
            fail("LABCHECK_REQUIRE_DOCKER is set but no Docker engine answers");
        }
        assumeTrue(ready, "no Docker engine answers: start one with fixtures/docker-engine.sh");
    }
}

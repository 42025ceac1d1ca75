package io.labcheck.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
        assertThat(Sidecar.NONE.option()).isZero();
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
        assertThat(s.option()).isEqualTo(2);
    }

    @Test
    void mistakesNameTheFileTheLineAndTheFix(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("lab.labcheck.yml");
        Files.writeString(file, "repositories:\n  - url: https://github.com/a/b.git\n    from: nowhere\n");
        assertThatThrownBy(() -> Sidecar.read(file)).isInstanceOf(LabDocumentException.class)
                .hasMessageContaining("lab.labcheck.yml").hasMessageContaining("'from: nowhere'").hasMessageContaining("not a directory");
        Files.writeString(file, "repository:\n  - url: https://github.com/a/b.git\n");
        assertThatThrownBy(() -> Sidecar.read(file)).hasMessageContaining("line 1").hasMessageContaining("unknown key 'repository'")
                .hasMessageContaining("repositories, images, option");
        Files.writeString(file, "repositories:\n  - from: .\n");
        assertThatThrownBy(() -> Sidecar.read(file)).hasMessageContaining("repository 1 has no url");
        Files.writeString(file, "repositories:\n  - url: github.com/a/b\n    from: .\n");
        assertThatThrownBy(() -> Sidecar.read(file)).hasMessageContaining("is not a repository URL");
        Files.writeString(file, "repositories:\n  - url: https://h/a/b.git\n    from: .\n  - url: https://h/a/b\n    from: .\n");
        assertThatThrownBy(() -> Sidecar.read(file)).hasMessageContaining("named twice");
        Files.writeString(file, "option: 0\n");
        assertThatThrownBy(() -> Sidecar.read(file)).hasMessageContaining("option 0 names no alternative");
        Files.writeString(file, "images:\n  - from: .\n");
        assertThatThrownBy(() -> Sidecar.read(file)).hasMessageContaining("image 1 has no image name");
        Files.writeString(file, "images:\n  - name: python:3.11-slim\n    from: .\n");
        assertThatThrownBy(() -> Sidecar.read(file)).hasMessageContaining("python:3.11-slim").hasMessageContaining("holds no Dockerfile");
        Files.createDirectories(dir.resolve("py"));
        Files.writeString(dir.resolve("py").resolve("Dockerfile"), "FROM scratch\n");
        Files.writeString(file, "images:\n  - name: python:3.11-slim\n    from: py\n");
        assertThat(Sidecar.read(file).images()).containsExactly(new Sidecar.Image("python:3.11-slim", dir.resolve("py")));
        Files.writeString(file, "option: [1\n");
        assertThatThrownBy(() -> Sidecar.read(file)).hasMessageContaining("lab.labcheck.yml").hasMessageNotContaining("Exception");
    }

    @Test
    void knownDefectsAreReadWithTheirRepairAndFindTheirStep(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("lab.labcheck.yml"), """
                known-defects:
                  - step: curl   http://203.0.113.10:8000/health
                    finding: No step opens port 8000
                    why: opened only in the troubleshooting
                    repair:
                      open-port: 8000
                  - step: systemctl start shop
                    finding: status=200/CHDIR
                """);
        Sidecar s = Sidecar.read(file);
        assertThat(s.knownDefects()).hasSize(2);
        KnownDefect port = s.knownDefects().get(0);
        assertThat(port.repairs()).isTrue();
        assertThat(port.repairText()).isEqualTo("port 8000 admitted from 0.0.0.0/0 in the security group");
        assertThat(port.matches("step 5 failed\nno step opens port 8000 in the security group")).isTrue();
        assertThat(port.matches("connection refused")).isFalse();
        LabStep curl = LabPlan.read(Files.writeString(dir.resolve("lab.md"), """
                # Lab

                ## Check from outside

                ```bash
                curl http://203.0.113.10:8000/health
                ```
                """)).steps().get(0);
        assertThat(port.at(curl)).as("whitespace and case do not matter").isTrue();
        assertThat(s.knownDefects().get(1).at(curl)).isFalse();
        assertThat(s.knownDefects().get(1).repairs()).as("no repair: the run stops there, as it would").isFalse();
    }

    @Test
    void aKnownDefectWithoutItsStepOrFindingOrWithAnEmptyRepairIsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("lab.labcheck.yml");
        Files.writeString(file, "known-defects:\n  - finding: x\n");
        assertThatThrownBy(() -> Sidecar.read(file)).isInstanceOf(LabDocumentException.class)
                .hasMessageContaining("known defect 1 has no 'step'");
        Files.writeString(file, "known-defects:\n  - step: curl x\n");
        assertThatThrownBy(() -> Sidecar.read(file)).hasMessageContaining("(curl x) has no 'finding'");
        Files.writeString(file, "known-defects:\n  - step: curl x\n    finding: y\n    repair: {}\n");
        assertThatThrownBy(() -> Sidecar.read(file)).hasMessageContaining("a repair that does nothing");
        Files.writeString(file, "known-defects:\n  - step: curl x\n    finding: y\n    repair:\n      open-port: 70000\n");
        assertThatThrownBy(() -> Sidecar.read(file)).hasMessageContaining("open-port 70000 is not a port");
        Files.writeString(file, "known-defects:\n  - step: curl x\n    finding: y\n    fix: z\n");
        assertThatThrownBy(() -> Sidecar.read(file)).hasMessageContaining("unknown key 'fix'").hasMessageContaining("line 4");
    }

    @Test
    void checksAreReadFindTheirStepAndRefuseWhatTheyLack(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("lab.labcheck.yml"), """
                checks:
                  - step: bash release.sh
                    that: the proxy answers from the new release
                    server: |
                      test "$(curl -s localhost/version)" = 2
                """);
        Sidecar s = Sidecar.read(file);
        assertThat(s.checks()).containsExactly(new Sidecar.StepCheck("bash release.sh", "the proxy answers from the new release",
                "test \"$(curl -s localhost/version)\" = 2\n"));
        List<LabStep> steps = LabPlan.read(Files.writeString(dir.resolve("lab.md"), """
                # Lab

                **release.sh**:
                ```bash
                #!/bin/bash
                echo released
                ```

                ```bash
                curl localhost/version
                ```
                """)).steps();
        assertThat(steps).extracting(st -> s.checks().get(0).at(st)).containsExactly(false, true, false);
        Files.writeString(file, "checks:\n  - step: bash release.sh\n    server: 'true'\n");
        assertThatThrownBy(() -> Sidecar.read(file)).hasMessageContaining("check 1 (bash release.sh) has no 'that'");
        Files.writeString(file, "checks:\n  - step: bash release.sh\n    that: it works\n");
        assertThatThrownBy(() -> Sidecar.read(file)).hasMessageContaining("has no 'server'");
        Files.writeString(file, "checks:\n  - that: it works\n    server: 'true'\n");
        assertThatThrownBy(() -> Sidecar.read(file)).hasMessageContaining("check 1 has no 'step'");
    }

    @Test
    void symptomsAreReadAndRefuseWhatTheyLack(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("lab.labcheck.yml"), """
                symptoms:
                  - problem: "Problem 2: the certificate"
                    faults: [dns-stale, " app-port-closed"]
                    server: sudo certbot renew --dry-run
                """);
        assertThat(Sidecar.read(file).symptoms()).containsExactly(new Sidecar.ProblemSymptom("Problem 2: the certificate",
                List.of("dns-stale", "app-port-closed"), "sudo certbot renew --dry-run"));
        Files.writeString(file, "symptoms:\n  - faults: [dns-stale]\n    server: 'true'\n");
        assertThatThrownBy(() -> Sidecar.read(file)).hasMessageContaining("symptom 1 has no 'problem'");
        Files.writeString(file, "symptoms:\n  - problem: P\n    server: 'true'\n");
        assertThatThrownBy(() -> Sidecar.read(file)).hasMessageContaining("symptom 1 (P) has no 'faults'");
        Files.writeString(file, "symptoms:\n  - problem: P\n    faults: []\n    server: 'true'\n");
        assertThatThrownBy(() -> Sidecar.read(file)).hasMessageContaining("symptom 1 (P) has no 'faults'");
        Files.writeString(file, "symptoms:\n  - problem: P\n    faults: [dns-stale]\n");
        assertThatThrownBy(() -> Sidecar.read(file)).hasMessageContaining("symptom 1 (P) has no 'server'");
        Files.writeString(file, "symptoms:\n  - problem: P\n    fault: [dns-stale]\n");
        assertThatThrownBy(() -> Sidecar.read(file)).hasMessageContaining("unknown key 'fault'")
                .hasMessageContaining("a symptom knows: problem, faults, server");
    }

    @Test
    void aRepairMayGiveTheAnswersTheStudentTypesWhenTheStepRunsAgain(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("lab.labcheck.yml"), """
                known-defects:
                  - step: sudo certbot --nginx -d example.com
                    finding: asks what the document's answers do not fit
                    repair:
                      answers: [you@example.com, Y, N]
                """);
        KnownDefect d = Sidecar.read(file).knownDefects().get(0);
        assertThat(d.answers()).containsExactly("you@example.com", "Y", "N");
        assertThat(d.repairs()).isTrue();
        assertThat(d.repairText()).contains("the step again, answering its prompts you@example.com, Y, N");
        Files.writeString(file, "known-defects:\n  - step: x\n    finding: y\n    repair:\n      answers: []\n");
        assertThatThrownBy(() -> Sidecar.read(file)).hasMessageContaining("has a repair that does nothing")
                .hasMessageContaining("answers: [...]");
    }
}

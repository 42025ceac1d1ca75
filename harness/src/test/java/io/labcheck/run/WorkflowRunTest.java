package io.labcheck.run;

import io.labcheck.ci.Workflow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** A workflow's jobs on the hosted runner's stand-in, without a cloud: order, failure, secrets, the actions. */
class WorkflowRunTest {
    @TempDir
    Path repo;

    private WorkflowRun.Context context(Map<String, String> secrets) {
        return new WorkflowRun.Context(secrets, Optional.of(repo), "shop", Optional.empty(), Duration.ofSeconds(60));
    }

    private List<WorkflowRun.JobOutcome> run(String yaml, Map<String, String> secrets) throws IOException {
        return new WorkflowRun(Workflow.read("ci.yml", yaml), ".github/workflows/ci.yml", yaml, context(secrets)).run();
    }

    @Test
    void aFailingJobEndsAtItsStepAndTheJobsThatNeedItAreSkipped() throws IOException {
        var jobs = run("""
                on: push
                jobs:
                  deploy:
                    needs: test
                    steps:
                      - run: echo deployed
                  test:
                    steps:
                      - name: Unit tests
                        run: |
                          echo testing
                          false
                          echo never
                      - run: echo after
                """, Map.of());
        assertThat(jobs).extracting(WorkflowRun.JobOutcome::id).containsExactly("test", "deploy");
        WorkflowRun.JobOutcome test = jobs.get(0);
        assertThat(test.outcome()).isEqualTo(WorkflowRun.Outcome.FAILED);
        assertThat(test.why()).isEqualTo("its step 'Unit tests': exit 1: testing");
        assertThat(test.steps()).hasSize(1); // -e: the script stops at false; the next step never starts
        assertThat(test.steps().get(0).output()).doesNotContain("never");
        assertThat(jobs.get(1).outcome()).isEqualTo(WorkflowRun.Outcome.SKIPPED);
        assertThat(jobs.get(1).why()).contains("it needs test, which did not pass");
    }

    @Test
    void secretsReachTheScriptAndNeverItsOutput() throws IOException {
        String key = "-----BEGIN KEY-----\nAAAAsecretline1\nBBBBsecretline2\n-----END KEY-----\n";
        var jobs = run("""
                on: push
                jobs:
                  show:
                    env:
                      WHERE: ${{ secrets.HOST }}
                    steps:
                      - env:
                          KEY: ${{ secrets.KEY }}
                        run: |
                          echo "$KEY" > k.pem
                          wc -l < k.pem
                          cat k.pem
                          echo "host=$WHERE missing=[${{ secrets.NOPE }}]"
                """, Map.of("KEY", key, "HOST", "198.51.100.7"));
        WorkflowRun.JobOutcome show = jobs.get(0);
        assertThat(show.outcome()).as(show.why()).isEqualTo(WorkflowRun.Outcome.PASSED);
        String out = show.steps().get(0).output();
        assertThat(out).contains("5").contains("host=*** missing=[]");
        assertThat(out).doesNotContain("secretline").doesNotContain("198.51.100.7");
        assertThat(show.substitutes()).contains("the secret NOPE is not set: GitHub gives an empty string");
    }

    @Test
    void checkoutGetsTheFixtureWithTheWorkflowInItAndSetupPythonAVenv() throws IOException {
        Files.writeString(repo.resolve("app.py"), "print('hi')\n");
        String yaml = """
                on: push
                jobs:
                  build:
                    steps:
                      - uses: actions/checkout@v3
                      - uses: actions/setup-python@v4
                        with:
                          python-version: '3'
                      - run: |
                          ls .github/workflows
                          git log --oneline | wc -l
                          python app.py
                          command -v python
                """;
        var jobs = run(yaml, Map.of());
        WorkflowRun.JobOutcome build = jobs.get(0);
        assertThat(build.outcome()).as(build.why()).isEqualTo(WorkflowRun.Outcome.PASSED);
        String out = build.steps().get(2).output();
        assertThat(out).contains("ci.yml").contains("hi").contains("hostedtoolcache/Python/3/x64/bin/python");
        assertThat(build.substitutes()).anyMatch(s -> s.startsWith("actions/checkout: the repository is the lab's fixture"))
                .anyMatch(s -> s.startsWith("actions/setup-python: python 3."));
    }

    @Test
    void anActionWithoutAStandInIsNotRunnableAndWhatNeedsItStillRuns() throws IOException {
        var jobs = run("""
                on: push
                jobs:
                  lint:
                    steps:
                      - uses: super-linter/super-linter@v5
                  ship:
                    needs: lint
                    steps:
                      - run: echo shipped
                """, Map.of());
        assertThat(jobs.get(0).outcome()).isEqualTo(WorkflowRun.Outcome.NOT_RUNNABLE);
        assertThat(jobs.get(0).why()).contains("super-linter/super-linter@v5 has no stand-in here");
        assertThat(jobs.get(1).outcome()).isEqualTo(WorkflowRun.Outcome.PASSED);
        assertThat(jobs.get(1).substitutes().get(0)).contains("it needs lint, which could not run here");
    }

    @Test
    void theRunnersSshConnectsFromItsOwnAddress() throws IOException {
        var jobs = run("""
                on: push
                jobs:
                  probe:
                    steps:
                      - run: ssh -G example.invalid | grep -i '^bindaddress'
                """, Map.of());
        assertThat(jobs.get(0).steps().get(0).output().strip()).isEqualTo("bindaddress " + WorkflowRun.RUNNER_ADDRESS);
    }

    @Test
    void aRerunAfterAFixRunsOnlyTheJobsThatFailed(@TempDir Path flags) throws IOException {
        String yaml = """
                on: push
                jobs:
                  build:
                    steps:
                      - run: echo built >> %s/builds
                  deploy:
                    needs: build
                    steps:
                      - run: test -f %s/fixed
                """.formatted(flags, flags);
        WorkflowRun run = new WorkflowRun(Workflow.read("ci.yml", yaml), ".github/workflows/ci.yml", yaml,
                context(Map.of()));
        var first = run.run();
        assertThat(first).extracting(WorkflowRun.JobOutcome::outcome)
                .containsExactly(WorkflowRun.Outcome.PASSED, WorkflowRun.Outcome.FAILED);
        Files.writeString(flags.resolve("fixed"), "");
        var second = run.rerunFailed(first);
        assertThat(second).extracting(WorkflowRun.JobOutcome::outcome)
                .containsExactly(WorkflowRun.Outcome.PASSED, WorkflowRun.Outcome.PASSED);
        assertThat(second.get(0).substitutes().get(0)).contains("Re-run failed jobs");
        assertThat(second.get(1).steps()).hasSize(1);
        assertThat(Files.readAllLines(flags.resolve("builds"))).hasSize(1); // build ran once
    }

    @Test
    void aStepThatMeetsTheUnreachableInternetIsNotRunnableNotFailed() throws IOException {
        var jobs = run("""
                on: push
                jobs:
                  deps:
                    steps:
                      - run: |
                          echo 'All attempts to connect to pypi.org failed.'
                          exit 1
                """, Map.of());
        assertThat(jobs.get(0).outcome()).isEqualTo(WorkflowRun.Outcome.NOT_RUNNABLE);
        assertThat(jobs.get(0).why()).contains("All attempts to connect to pypi.org failed");
    }
}

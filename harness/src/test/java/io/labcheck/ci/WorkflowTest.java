package io.labcheck.ci;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A workflow file read as GitHub reads it: its trigger, its jobs in the order their needs allow, its steps. */
class WorkflowTest {
    private static final String SHIP = """
            name: Ship it
            on:
              push:
                branches: [main]
            jobs:
              release:
                needs: [build, check]
                runs-on: ubuntu-latest
                steps:
                  - run: echo release
              build:
                runs-on: ubuntu-latest
                env:
                  LEVEL: "2"
                steps:
                  - uses: actions/checkout@v4
                  - name: Compile
                    run: |
                      make
                      make test
                    env:
                      TOKEN: ${{ secrets.TOKEN }}
              check:
                needs: build
                runs-on: ubuntu-latest
                steps:
                  - uses: actions/setup-python@v5
                    with:
                      python-version: '3.12'
            """;

    @Test
    void jobsRunAfterWhatTheyNeedWhateverTheFileOrder() {
        Workflow wf = Workflow.read("ship.yml", SHIP);
        assertThat(wf.name()).isEqualTo("Ship it");
        assertThat(wf.events()).containsExactly("push");
        assertThat(wf.order()).extracting(Workflow.Job::id).containsExactly("build", "check", "release");
        Workflow.Job build = wf.jobs().stream().filter(j -> j.id().equals("build")).findFirst().orElseThrow();
        assertThat(build.env()).containsEntry("LEVEL", "2");
        assertThat(build.steps()).extracting(Workflow.Step::label).containsExactly("Run actions/checkout@v4", "Compile");
        assertThat(build.steps().get(1).run()).isEqualTo("make\nmake test\n");
        assertThat(build.steps().get(1).env()).containsEntry("TOKEN", "${{ secrets.TOKEN }}");
        Workflow.Job check = wf.jobs().stream().filter(j -> j.id().equals("check")).findFirst().orElseThrow();
        assertThat(check.needs()).containsExactly("build");
        assertThat(check.steps().get(0).with()).containsEntry("python-version", "3.12");
    }

    @Test
    void onAsAListOrAWordIsReadToo() {
        assertThat(Workflow.read("a.yml", "on: [push, pull_request]\njobs:\n  a:\n    steps:\n      - run: true\n").events())
                .containsExactly("push", "pull_request");
        assertThat(Workflow.read("b.yml", "on: workflow_dispatch\njobs:\n  a:\n    steps:\n      - run: true\n").events())
                .containsExactly("workflow_dispatch");
    }

    @Test
    void whatGitHubWouldRejectIsSaidWithWhere() {
        assertThatThrownBy(() -> Workflow.read("x.yml", "on: push\njobs:\n  a:\n    needs: b\n    steps:\n      - run: true\n").order())
                .isInstanceOf(WorkflowException.class).hasMessageContaining("job a needs 'b', which is no job of x.yml");
        assertThatThrownBy(() -> Workflow.read("x.yml", "on: push\njobs:\n  a:\n    needs: b\n    steps: []\n  b:\n    needs: a\n"
                + "    steps: []\n").order()).hasMessageContaining("need each other in a circle: [a, b]");
        assertThatThrownBy(() -> Workflow.read("x.yml", "on: push\njobs:\n  a:\n    steps:\n      - uses: x/y@1\n        run: true\n"))
                .hasMessageContaining("job a: a step has both 'uses' and 'run'");
        assertThatThrownBy(() -> Workflow.read("x.yml", "on: push\n")).hasMessageContaining("x.yml has no jobs");
        assertThatThrownBy(() -> Workflow.read("x.yml", "jobs: [\n")).hasMessageContaining("x.yml is not YAML");
    }
}

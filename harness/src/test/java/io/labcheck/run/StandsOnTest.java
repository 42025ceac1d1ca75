package io.labcheck.run;

import io.labcheck.lab.LabPlan;
import io.labcheck.lab.LabStep;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A failure after a step that could not run stands on it only when both name the same thing. */
class StandsOnTest {
    private static final LabPlan PLAN = LabPlan.parse("t.md", """
            # Lab

            ```bash
            ssh -i key.pem ubuntu@203.0.113.10
            ```

            ```bash
            sudo apt-get install -y awslogs
            ```

            ```bash
            poetry add prometheus-fastapi-instrumentator
            ```

            ```bash
            sudo systemctl restart awslogsd
            ```

            ```bash
            git clone https://github.com/example/shop-api.git
            ```

            ```bash
            cd ~/shop-api && ls
            ```
            """);

    private static LabStep step(String text) {
        return PLAN.steps().stream().filter(s -> s.summary().contains(text)).findFirst().orElseThrow();
    }

    @Test
    void aFailureThatSharesNoNameIsTheStepsOwn() {
        assertThat(StandsOn.related(step("awslogs"), step("poetry add"),
                "'poetry add prometheus-fastapi-instrumentator' exited 127: /home/ubuntu/.labcheck/t3/cmd-3.sh: line 7:"
                        + " poetry: command not found")).isFalse();
    }

    @Test
    void aFailureNamingWhatTheStepWouldHaveInstalledOrClonedStandsOnIt() {
        assertThat(StandsOn.related(step("awslogs"), step("systemctl restart"), "Unit awslogs.service not found")).isTrue();
        assertThat(StandsOn.related(step("git clone"), step("cd ~/shop-api"),
                "cd: /home/ubuntu/shop-api: No such file or directory")).isTrue();
    }

    @Test
    void commonWordsRelateNothing() {
        assertThat(StandsOn.names(step("awslogs"), "")).containsExactly("awslogs");
        assertThat(StandsOn.names(step("git clone"), "")).contains("shop-api", "github.com", "github", "example", "git", "clone");
    }
}

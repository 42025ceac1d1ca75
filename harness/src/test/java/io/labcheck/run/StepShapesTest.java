package io.labcheck.run;

import io.labcheck.lab.LabPlan;
import io.labcheck.lab.LabStep;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the run reads from a step's shape: whether it only looks, and which prompt shows a venv off. */
class StepShapesTest {

    private static List<LabStep> steps(String markdown) {
        return LabPlan.parse("shapes.md", markdown).steps();
    }

    @Test
    void requestsPagesAndStatusOnlyLookWhileWritesAndStartsDoNot() {
        List<LabStep> s = steps("""
                # Lab
                ## Look
                ```bash
                curl -s http://203.0.113.10:8000/health
                ```
                ## Status
                ```bash
                sudo systemctl status shop-api
                free -h
                ```
                ## Post
                ```bash
                curl -X POST -d '{"a":1}' http://203.0.113.10:8000/items
                ```
                ## Download
                ```bash
                curl -o app.tar.gz http://203.0.113.10/app.tar.gz
                ```
                ## Start
                ```bash
                sudo systemctl start shop-api
                ```
                """);
        assertThat(s).extracting(LabRun::onlyLooks).containsExactly(true, true, false, false, false);
    }

    @Test
    void aPromptWithoutTheVenvBesideOneWithItShowsTheVenvOff() {
        LabStep step = steps("""
                # Lab
                ```console
                $ which python3
                /usr/bin/python3
                (venv) $ which python3
                /home/ubuntu/venv/bin/python3
                ```
                """).get(0);
        assertThat(step.commands()).extracting(c -> LabRun.outsideTheVenvShown(step, c)).containsExactly(true, false);
        LabStep plain = steps("""
                # Lab
                ```console
                $ which python3
                ```
                """).get(0);
        assertThat(LabRun.outsideTheVenvShown(plain, plain.commands().get(0))).isFalse();
    }
}

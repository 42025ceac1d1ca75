package io.labcheck.lab.lint;

import io.labcheck.lab.Command;
import io.labcheck.lab.LabPlan;
import io.labcheck.lab.LabStep;
import io.labcheck.lab.ShellWords;
import io.labcheck.lab.SourceLine;
import io.labcheck.lab.StepKind;

import java.util.List;

/** Each simple command a plan runs, in document order, as the program's words and the line it sits on. */
final class PlanCommands {
    interface Visitor {
        void visit(LabStep step, Command command, SourceLine at, List<String> words);
    }

    static void each(LabPlan plan, Visitor visitor) {
        for (LabStep step : plan.steps()) {
            if (step.kind() != StepKind.RUN) {
                continue;
            }
            for (Command c : step.commands()) {
                SourceLine at = new SourceLine(c.line(), step.at().headings());
                for (String simple : c.simpleCommands()) {
                    List<String> w = ShellWords.program(simple);
                    if (!w.isEmpty()) {
                        visitor.visit(step, c, at, w);
                    }
                }
            }
        }
    }

    private PlanCommands() {}
}

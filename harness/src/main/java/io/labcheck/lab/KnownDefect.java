package io.labcheck.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A defect of the document that its sidecar declares, like an expected failure: the step where it shows, text
 * its failure (or the finding it raises) must contain, and optionally the repair a student would make so the rest
 * of the lab can be judged on its own. A declared defect that stops happening fails the run, so the declaration
 * cannot outlive the defect.
 *
 * @param step       text of the step: one of its commands, or its name, as the document writes it
 * @param finding    text the step's failure or the finding it raised contains
 * @param why        the author's one line on what is wrong in the document ("" when not given)
 * @param openPort   a port the repair admits in the security group from anywhere (0: none)
 * @param serverRepair shell commands the repair runs on the server as the login user ("" when none)
 * @param answers    what the student types at the step's prompts when it runs again, in place of the document's
 *                   answers (empty: the document's)
 */
public record KnownDefect(String step, String finding, String why, int openPort, String serverRepair, List<String> answers) {

    public KnownDefect {
        answers = List.copyOf(answers);
    }

    public KnownDefect(String step, String finding, String why, int openPort, String serverRepair) {
        this(step, finding, why, openPort, serverRepair, List.of());
    }

    /** Whether the run mends the defect and retries the step, rather than stopping at it. */
    public boolean repairs() {
        return openPort > 0 || !serverRepair.isBlank() || !answers.isEmpty();
    }

    /** Whether {@code candidate} is the step this defect is declared at. */
    public boolean at(LabStep candidate) {
        return named(step, candidate);
    }

    /** Whether {@code text} names {@code candidate}: its name or one of its commands contains it (spaces and case aside). */
    static boolean named(String text, LabStep candidate) {
        String wanted = squash(text);
        if (squash(candidate.name()).contains(wanted)) {
            return true;
        }
        return candidate.commands().stream().anyMatch(c -> squash(c.text()).contains(wanted));
    }

    /** Whether {@code failure} (a step's failure and the findings it raised) is this defect. */
    public boolean matches(String failure) {
        return squash(failure).contains(squash(finding));
    }

    /** The repair in words, for the report. */
    public String repairText() {
        List<String> parts = new ArrayList<>();
        if (openPort > 0) {
            parts.add("port " + openPort + " admitted from 0.0.0.0/0 in the security group");
        }
        if (!serverRepair.isBlank()) {
            parts.add("on the server: " + serverRepair.strip().replaceAll("\\s*\\n\\s*", " ; "));
        }
        if (!answers.isEmpty()) {
            parts.add("the step again, answering its prompts " + String.join(", ", answers));
        }
        return String.join(", then ", parts);
    }

    private static String squash(String s) {
        return s.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}

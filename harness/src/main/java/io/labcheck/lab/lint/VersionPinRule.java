package io.labcheck.lab.lint;

import io.labcheck.lab.Command;
import io.labcheck.lab.LabPlan;
import io.labcheck.lab.LabStep;
import io.labcheck.lab.ShellWords;
import io.labcheck.lab.SourceLine;
import io.labcheck.lab.StepKind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One package pinned to two versions by two steps ({@code pip install fastapi==0.95.0} vs requirements.txt). */
final class VersionPinRule implements LintRule {
    private static final Pattern PIN = Pattern.compile("^([A-Za-z0-9_.-]+)(?:\\[[^]]*])?==([A-Za-z0-9_.+-]+)");

    private record Pin(String version, SourceLine at) {}

    @Override
    public List<LintFinding> check(LabPlan plan) {
        Map<String, Pin> pins = new LinkedHashMap<>();
        List<LintFinding> findings = new ArrayList<>();
        for (LabStep step : plan.steps()) {
            if (step.kind() == StepKind.RUN) {
                for (Command c : step.commands()) {
                    for (String simple : c.simpleCommands()) {
                        List<String> w = ShellWords.program(simple);
                        if (w.size() > 2 && (w.get(0).startsWith("pip")) && w.get(1).equals("install")) {
                            for (String arg : w.subList(2, w.size())) {
                                pin(pins, findings, arg, new SourceLine(c.line(), step.at().headings()));
                            }
                        }
                    }
                }
            } else if (step.kind() == StepKind.WRITE_FILE && step.file().path().matches(".*requirements[^/]*\\.txt")) {
                String[] lines = step.file().content().split("\n");
                for (int i = 0; i < lines.length; i++) {
                    pin(pins, findings, ShellWords.stripComment(lines[i]).strip(),
                            new SourceLine(step.file().line() + i, step.at().headings()));
                }
            }
        }
        return findings;
    }

    private static void pin(Map<String, Pin> pins, List<LintFinding> findings, String spec, SourceLine at) {
        Matcher m = PIN.matcher(spec);
        if (!m.find()) {
            return;
        }
        String name = m.group(1).toLowerCase(Locale.ROOT).replace('_', '-');
        Pin earlier = pins.putIfAbsent(name, new Pin(m.group(2), at));
        if (earlier != null && !earlier.version().equals(m.group(2))) {
            findings.add(new LintFinding(Severity.ERROR, "pin.conflict", name + " is pinned to " + m.group(2)
                    + " here but to " + earlier.version() + " earlier: pick one version", at, earlier.at()));
        }
    }
}

package io.labcheck.lab;

import java.util.Map;
import java.util.stream.Collectors;

/** The plan as a person reads it: one line per step, then the troubleshooting entries. */
public final class PlanText {

    public static String render(LabPlan plan) {
        StringBuilder out = new StringBuilder();
        out.append(plan.name()).append(plan.title().isEmpty() ? "" : ": " + plan.title()).append('\n');
        Map<Where, Integer> counts = plan.countByWhere();
        out.append(plan.steps().size()).append(" steps (")
                .append(counts.entrySet().stream().map(e -> e.getKey().id() + " " + e.getValue()).collect(Collectors.joining(", ")))
                .append("), ").append(plan.troubleshooting().size()).append(" troubleshooting entries\n");
        if (!plan.hasShellSteps()) {
            out.append("note: no shell steps, only cloud console steps\n");
        }
        String section = null;
        for (LabStep s : plan.steps()) {
            if (!s.section().equals(section)) {
                section = s.section();
                out.append('\n').append("## ").append(section.isEmpty() ? "(before the first heading)" : section).append('\n');
            }
            out.append(String.format("%3d. %-11s line %-4d %s%s%n", s.number(), s.where().id(), s.at().line(),
                    s.skip() ? "[skip] " : "", oneLine(s.summary(), 110)));
            s.alternativeOf().ifPresent(a -> out.append("            ").append(a).append(", one of ").append(a.ways())
                    .append(" ways offered at line ").append(a.group())
                    .append(a.recommended() > 0 ? " (the document recommends " + a.recommended() + ")" : "").append('\n'));
            if (!s.expectedOutput().isBlank()) {
                out.append("            expect: ").append(oneLine(s.expectedOutput(), 100)).append('\n');
            }
            for (Check c : s.checks()) {
                out.append("            check ").append(c.kind()).append(' ').append(new java.util.TreeMap<>(c.values())).append('\n');
            }
        }
        if (!plan.troubleshooting().isEmpty()) {
            out.append("\nTroubleshooting\n");
            for (TroubleshootingEntry t : plan.troubleshooting()) {
                out.append(String.format("- %s (line %d-%d)%n", t.problem(), t.at().line(), t.endLine()));
                if (!t.symptom().isBlank()) {
                    out.append("    symptom: ").append(oneLine(t.symptom(), 100)).append('\n');
                }
                for (TroubleshootingEntry.Cause c : t.causes()) {
                    out.append("    cause: ").append(c.title()).append(commands(c.commands())).append('\n');
                }
                if (!t.commands().isEmpty()) {
                    out.append("    commands:").append(commands(t.commands())).append('\n');
                }
            }
        }
        plan.warnings().forEach(w -> out.append("warning: ").append(w).append('\n'));
        return out.toString();
    }

    private static String commands(java.util.List<TroubleshootingEntry.TroubleCommand> commands) {
        return commands.stream().map(c -> " [" + c.role().name().toLowerCase(java.util.Locale.ROOT) + "] " + c.command().text())
                .collect(Collectors.joining(";"));
    }

    static String oneLine(String s, int max) {
        String one = s.strip().replaceAll("\\s*\n\\s*", " ⏎ ");
        return one.length() > max ? one.substring(0, max - 3) + "..." : one;
    }

    private PlanText() {}
}

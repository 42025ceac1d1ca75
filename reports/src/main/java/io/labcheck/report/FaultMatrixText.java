package io.labcheck.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A lab's fault × finding matrix as terminal lines, the same {@link FaultMatrix} the HTML report draws: a row a
 * fault, a numbered column a finding code, then whether the fault was proved applied and reverted.
 */
public final class FaultMatrixText {
    private FaultMatrixText() {
    }

    /** The matrix of {@code lab}'s faults; no lines when it ran none. */
    public static List<String> lines(Lab lab) {
        if (lab.faults().isEmpty()) {
            return List.of();
        }
        FaultMatrix m = FaultMatrix.of(lab.faults());
        int width = m.rows().stream().mapToInt(r -> r.id().length()).max().orElse(5);
        List<String> out = new ArrayList<>();
        out.add("fault × finding, " + lab.id() + " (✓ caught, ✗ expected but not reported, + reported but not expected):");
        StringBuilder head = new StringBuilder("  " + pad("", width));
        for (int i = 1; i <= m.codes().size(); i++) {
            head.append(String.format(Locale.ROOT, "%3d", i));
        }
        out.add(head.append("   applied  reverted  diagnosis").toString());
        for (FaultMatrix.Row row : m.rows()) {
            StringBuilder line = new StringBuilder("  " + pad(row.id(), width));
            row.cells().forEach(c -> line.append(String.format(Locale.ROOT, "%3s", c.mark().isEmpty() ? "·" : c.mark())));
            line.append("   ").append(pad(row.applied(), 7)).append("  ").append(pad(row.reverted(), 8)).append("  ")
                    .append(row.diagnosis()).append(row.missed() ? "   MISSED" : "");
            out.add(line.toString());
        }
        StringBuilder legend = new StringBuilder("  findings:");
        for (int i = 0; i < m.codes().size(); i++) {
            legend.append(' ').append(i + 1).append(' ').append(m.codes().get(i)).append(i + 1 < m.codes().size() ? "," : "");
        }
        out.add(legend.toString());
        return out;
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}

package io.labcheck.report;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A lab's faults against the finding codes: one row a fault, one column a code that some fault expected
 * or some diagnosis reported. A cell is caught (expected and reported), missed (expected, not reported)
 * or extra (reported, not expected), so a wrong diagnosis shows as well as a silent one.
 */
record FaultMatrix(List<String> codes, List<Row> rows) {

    record Row(String id, List<Cell> cells, String applied, String reverted, String diagnosis, boolean missed) {
    }

    record Cell(String kind, String mark, String label) {
        static final Cell EMPTY = new Cell("none", "", "");

        static Cell of(String code, FaultResult fault) {
            boolean expected = fault.expectedFindings().contains(code);
            boolean reported = fault.findingsReported().contains(code);
            if (expected && reported) {
                return new Cell("caught", "✓", "caught");
            }
            if (expected) {
                return new Cell("missed", "✗", "missed");
            }
            return reported ? new Cell("extra", "+", "extra") : EMPTY;
        }
    }

    static FaultMatrix of(List<FaultResult> faults) {
        Set<String> codes = new LinkedHashSet<>();
        for (FaultResult fault : faults) {
            codes.addAll(fault.expectedFindings());
            codes.addAll(fault.findingsReported());
        }
        List<Row> rows = faults.stream().map(fault -> new Row(fault.id(),
                codes.stream().map(code -> Cell.of(code, fault)).toList(), yesNo(fault.applied()), yesNo(fault.reverted()),
                fault.diagnosisMs() == null ? "did not run" : Durations.text(fault.diagnosisMs()),
                Counts.missed(fault))).toList();
        return new FaultMatrix(List.copyOf(codes), rows);
    }

    private static String yesNo(boolean proved) {
        return proved ? "yes" : "no";
    }
}

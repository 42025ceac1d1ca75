package io.labcheck.report;

import java.util.List;
import java.util.Objects;

/**
 * One lab's suite (a test class): its steps, the faults injected into it and what was found about its
 * document. {@code status} is the suite's own outcome: skipped with the reason when the whole suite
 * could not run here (no Docker engine, say), failed when its setup failed.
 */
public record Lab(String id, String title, StepStatus status, List<Entry> entries, List<Step> steps,
                  List<FaultResult> faults, List<DocumentFinding> documentFindings) {
    public Lab {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(status, "status");
        entries = List.copyOf(entries);
        steps = List.copyOf(steps);
        faults = List.copyOf(faults);
        documentFindings = List.copyOf(documentFindings);
    }
}

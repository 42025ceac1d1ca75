package io.labcheck.report;

import java.util.List;
import java.util.Objects;

/**
 * One step of a lab (a test).
 *
 * @param section  the document section the step comes from, null when unknown
 * @param runsOn   workstation, server, cloud or browser; null when unknown
 */
public record Step(String id, String title, String section, String runsOn, List<String> commands,
                   StepStatus status, long durationMs, Evidence evidence) {
    public Step {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        commands = List.copyOf(commands);
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(evidence, "evidence");
    }
}

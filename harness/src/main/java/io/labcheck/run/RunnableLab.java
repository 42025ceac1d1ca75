package io.labcheck.run;

import io.labcheck.lab.LabPlan;
import io.labcheck.lab.Sidecar;

import java.util.function.Supplier;

/**
 * A lab a run can take: its id ({@code ec2-fastapi}, or a document's file name), a title, where its document
 * comes from, the plan read from it and its sidecar (both read when the lab runs, so a missing or broken
 * document fails only its lab).
 */
public record RunnableLab(String id, String title, String origin, Supplier<LabPlan> plan, Supplier<Sidecar> sidecar) {
    /** A lab without a sidecar. */
    public RunnableLab(String id, String title, String origin, Supplier<LabPlan> plan) {
        this(id, title, origin, plan, () -> Sidecar.NONE);
    }

    @Override
    public String toString() {
        return id;
    }
}

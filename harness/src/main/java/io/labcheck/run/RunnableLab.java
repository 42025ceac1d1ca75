package io.labcheck.run;

import io.labcheck.lab.LabPlan;

import java.util.function.Supplier;

/**
 * A lab a run can take: its id ({@code ec2-fastapi}, or a document's file name), a title, where its document
 * comes from, and the plan read from it (read when the lab runs, so a missing document fails only its lab).
 */
public record RunnableLab(String id, String title, String origin, Supplier<LabPlan> plan) {
    @Override
    public String toString() {
        return id;
    }
}

package io.labcheck.cli;

import io.labcheck.lab.LabDocumentException;
import io.labcheck.lab.LabPlan;

import java.nio.file.Path;

/** Reads the lab document a command names; every problem with it is a one-line user error (exit 2). */
final class LabDocuments {
    static LabPlan plan(Path document) {
        try {
            return LabPlan.read(document);
        } catch (LabDocumentException e) {
            throw new Labcheck.UserError(e.getMessage());
        }
    }

    private LabDocuments() {}
}

package io.labcheck.diagnose;

import java.util.List;

/**
 * What is wrong, said for a student: a code (the fault catalogue's vocabulary), the cause in one
 * sentence, the fix as a command, the evidence it rests on, and the lab section it refers to.
 */
public record Finding(String code, String cause, String fix, List<String> evidence, String labSection) {
    @Override
    public String toString() {
        return code + ": " + cause + "\n    fix: " + fix + "\n    evidence: " + String.join("; ", evidence)
                + (labSection == null || labSection.isBlank() ? "" : "\n    see: " + labSection);
    }
}

package io.labcheck.diagnose;

/** What a real client printed when the student would have tried: the command, its exit code and its words. */
public record Symptom(String command, int exitCode, String output) {
    @Override
    public String toString() {
        return command + " -> exit " + exitCode + (output.isBlank() ? "" : ": " + output.strip().replace('\n', ' '));
    }
}

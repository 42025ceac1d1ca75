package io.labcheck.scenarios;

import io.labcheck.ssh.ExecResult;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.TestReporter;

/**
 * What a scenario step publishes as its evidence (JUnit report entries that the results file reads:
 * where the step is in the document, where it ran, its commands, exit codes, output and HTTP status),
 * each also printed as a line of the step's output.
 */
public final class StepReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestReporter reporter;

    public StepReport(TestReporter reporter) {
        this.reporter = reporter;
    }

    public StepReport note(String key, String value) {
        reporter.publishEntry(key, value);
        System.out.println("[" + key + "] " + value);
        return this;
    }

    /** The document section (and line) the step comes from. */
    public StepReport section(String section) {
        return section == null ? this : note("section", section);
    }

    /** workstation, server, cloud or browser. */
    public StepReport runsOn(String where) {
        return note("runs on", where);
    }

    public StepReport command(String command) {
        return note("command", command);
    }

    /** A command the step ran on the server and what came of it. */
    public StepReport ran(String command, ExecResult result) {
        command(command);
        note("exit code", String.valueOf(result.exitCode()));
        String output = (result.stdout() + (result.stderr().isBlank() ? "" : "\n" + result.stderr())).strip();
        if (!output.isEmpty()) {
            note("output", output);
        }
        return this;
    }

    public StepReport output(String output) {
        return output == null || output.isBlank() ? this : note("output", output.strip());
    }

    /** A structured entry (a fault result, a document finding) as JSON, which the results file reads back. */
    public StepReport json(String key, Object value) {
        try {
            reporter.publishEntry(key, JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a " + key + " entry as JSON", e);
        }
        return this;
    }

    public StepReport httpStatus(int status) {
        return note("http status", String.valueOf(status));
    }
}

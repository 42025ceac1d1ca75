package io.labcheck.diagnose;

import io.labcheck.ssh.ExecResult;

import java.io.IOException;
import java.time.Duration;

/**
 * A shell on the server, as its login user: over an SSH session from the student's computer, or right here when
 * labcheck runs on the server itself ({@link LocalShell}). The server's probes only ever read through it.
 */
@FunctionalInterface
public interface ServerShell {
    /** Runs {@code command} with {@code sh}-compatible syntax and standard input at end of file, within {@code timeout}. */
    ExecResult exec(String command, Duration timeout) throws IOException;
}

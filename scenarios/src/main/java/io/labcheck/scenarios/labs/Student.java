package io.labcheck.scenarios.labs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What a student types on their laptop, run as the real programs: OpenSSH's {@code ssh} with their key (to run a
 * command on the server, as {@code ssh -i KEY ubuntu@IP 'command'}), {@code curl} from outside, {@code chmod} on
 * the key file. Every command is bounded; what it printed is kept as the student would see it.
 */
final class Student {
    /** Longer than any command here takes, shorter than a hung one is worth waiting for. */
    private static final Duration BOUND = Duration.ofSeconds(30);

    /** One command as the student typed it, with its exit status and what it printed (stdout and stderr). */
    record Typed(String line, int exit, String output) {
        boolean ok() {
            return exit == 0;
        }

        @Override
        public String toString() {
            String out = output.strip();
            return "$ " + line + "  -> exit " + exit + (out.isEmpty() ? "" : ": " + out.replace('\n', ' '));
        }
    }

    private final Path key;
    private final String user;

    Student(Path key, String user) {
        this.key = key;
        this.user = user;
    }

    /**
     * {@code ssh -i KEY USER@HOST 'command'}: the server's host key is accepted as the student answers "yes" (all
     * instances here share host keys, and a started instance gets a new address), nothing is asked interactively.
     */
    Typed ssh(String host, String command) {
        return run("ssh -i " + key.getFileName() + " " + user + "@" + host + " '" + command + "'", "ssh", "-n", "-i", key.toString(),
                "-o", "BatchMode=yes", "-o", "ConnectTimeout=5", "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", user + "@" + host, command);
    }

    /** {@code curl -sS URL} from the laptop, giving up on a connection after 3 s. */
    Typed curl(String url) {
        return run("curl -sS " + url, "curl", "-sS", "--connect-timeout", "3", "-m", "8", url);
    }

    /** {@code chmod MODE KEY} in the folder the key was downloaded to. */
    Typed chmodKey(String mode) {
        return run("chmod " + mode + " " + key.getFileName(), "chmod", mode, key.toString());
    }

    /** Runs {@code command}; {@code line} is how the student typed it (without the options that keep it unattended). */
    private static Typed run(String line, String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new Typed(line, -1, "(still running after " + BOUND.toSeconds() + " s: stopped)");
            }
            return new Typed(line, p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(command[0] + " cannot run here: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + line, e);
        }
    }
}

package io.labcheck.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Programs the tests run as a student or an operator would (ssh, docker, the AWS CLI): bounded, output captured. */
final class Programs {
    /** What a program printed (stdout and stderr together, stripped) and how it ended. */
    record Ran(int exit, String out) {}

    static Ran run(Duration bound, String... command) {
        return run(bound, Map.of(), command);
    }

    /** Runs {@code command} to its end with {@code env} added, stdin at EOF; past {@code bound} it is killed and fails. */
    static Ran run(Duration bound, Map<String, String> env, String... command) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().putAll(env);
            Process p = pb.start();
            byte[][] out = new byte[1][];
            Thread reader = new Thread(() -> {
                try {
                    out[0] = p.getInputStream().readAllBytes();
                } catch (IOException e) {
                    out[0] = ("(output lost: " + e.getMessage() + ")").getBytes(StandardCharsets.UTF_8);
                }
            });
            reader.start();
            if (!p.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                reader.join(5_000);
                throw new AssertionError(String.join(" ", command) + " did not end within " + bound);
            }
            reader.join(5_000);
            return new Ran(p.exitValue(), out[0] == null ? "" : new String(out[0], StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new AssertionError("could not run " + command[0] + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command[0], e);
        }
    }

    private Programs() {}
}

package io.labcheck.diagnose;

import io.labcheck.ssh.ExecResult;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The shell of the machine labcheck runs on, for {@code --local}: the student runs labcheck on their server, as its
 * login user. Commands run as {@code ssh host command} runs them: {@code bash -c} (else {@code sh -c}) in the user's
 * home, standard input at end of file; a command still running at its timeout is sent TERM (then KILL) and the
 * result says it timed out, with the output that had arrived.
 */
public final class LocalShell implements ServerShell {
    private static final Duration GRACE = Duration.ofSeconds(2);
    private final List<String> launcher;
    private final Path directory;

    /** This machine's shell, as the user labcheck runs as, in their home. */
    public static LocalShell here() {
        String shell = Files.isExecutable(Path.of("/bin/bash")) ? "/bin/bash" : "/bin/sh";
        return new LocalShell(List.of(shell, "-c"), Path.of(System.getProperty("user.home")));
    }

    /**
     * A shell reached by {@code launcher} followed by the command as one argument ({@code bash -c}, or
     * {@code docker exec -u ubuntu <container> bash -c} for a server that is a container on this machine).
     */
    public LocalShell(List<String> launcher, Path directory) {
        this.launcher = List.copyOf(launcher);
        this.directory = directory;
    }

    @Override
    public ExecResult exec(String command, Duration timeout) throws IOException {
        long start = System.nanoTime();
        List<String> argv = new ArrayList<>(launcher);
        argv.add(command);
        Process p = new ProcessBuilder(argv).directory(directory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        boolean timedOut = false;
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                timedOut = true;
                p.descendants().forEach(ProcessHandle::destroy);
                p.destroy();
                if (!p.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly().waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while '" + command + "' ran", e);
        }
        // like ssh, wait for the output to end too, within what is left of the bound: a background child may hold it
        long left = Math.max(0, timeout.toNanos() - (System.nanoTime() - start));
        String stdout = collect(out, left);
        String stderr = collect(err, 0);
        int code = timedOut || p.isAlive() ? -1 : p.exitValue();
        return new ExecResult(code, null, stdout, stderr, Duration.ofNanos(System.nanoTime() - start), timedOut);
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static String collect(CompletableFuture<String> output, long nanos) throws IOException {
        try {
            return output.get(Math.max(nanos, GRACE.toNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // a background process keeps the output open past the bound (it was reparented when the shell exited,
            // so it is no longer this process's to stop): what arrived is lost with the pipe, as with a cut-off ssh
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        } catch (ExecutionException e) {
            throw new IOException("reading the command's output: " + e.getCause().getMessage(), e.getCause());
        }
    }
}

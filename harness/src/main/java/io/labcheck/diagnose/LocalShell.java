package io.labcheck.diagnose;

import io.labcheck.ssh.ExecResult;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The shell of the machine labcheck runs on, for {@code --local}: the student runs labcheck on their server, as its
 * login user. Commands run as {@code ssh host command} runs them: {@code bash -c} (else {@code sh -c}) in the user's
 * home, standard input at end of file; the result comes when the command has exited and its output has ended (a
 * background child may hold the output open), within the bound; a command still running at its timeout is sent
 * TERM (then KILL) and the result says it timed out, with the output that had arrived.
 *
 * <p>The output goes through named pipes, not the JDK's: the JDK closes its pipe when the process exits, so what a
 * background child writes afterwards would be kept or lost depending on a race.
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
        Path pipes = Files.createTempDirectory("labcheck-shell-");
        Output out;
        Output err;
        Process p;
        try {
            Path outPipe = pipes.resolve("out");
            Path errPipe = pipes.resolve("err");
            makePipes(outPipe, errPipe);
            out = Output.readFrom(outPipe);
            err = Output.readFrom(errPipe);
            try {
                p = new ProcessBuilder(argv).directory(directory.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .redirectOutput(outPipe.toFile()).redirectError(errPipe.toFile()).start();
            } catch (IOException | RuntimeException e) {
                out.abandon();
                err.abandon();
                throw e;
            }
        } finally {
            // both ends are open (or abandoned): the names are no longer needed
            for (String name : new String[] {"out", "err"}) {
                Files.deleteIfExists(pipes.resolve(name));
            }
            Files.deleteIfExists(pipes);
        }
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
            out.stop();
            err.stop();
            throw new IOException("interrupted while '" + command + "' ran", e);
        }
        // like ssh, wait for the output to end too, within what is left of the bound: a background child may hold it
        long left = Math.max(0, timeout.toNanos() - (System.nanoTime() - start));
        String stdout = out.awaitEnd(Math.max(left, GRACE.toNanos()));
        String stderr = err.awaitEnd(GRACE.toNanos());
        int code = timedOut ? -1 : p.exitValue();
        return new ExecResult(code, null, stdout, stderr, Duration.ofNanos(System.nanoTime() - start), timedOut);
    }

    private static void makePipes(Path... paths) throws IOException {
        List<String> mkfifo = new ArrayList<>(List.of("mkfifo", "-m", "600"));
        for (Path path : paths) {
            mkfifo.add(path.toString());
        }
        try {
            Process made = new ProcessBuilder(mkfifo).redirectErrorStream(true).start();
            String said = new String(made.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!made.waitFor(10, TimeUnit.SECONDS) || made.exitValue() != 0) {
                throw new IOException("could not make the pipes a command's output goes through (mkfifo): " + said);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while making the pipes a command's output goes through", e);
        }
    }

    /** One output of the command, read from its named pipe by a thread of its own until every writer closed it. */
    private static final class Output {
        private final Path pipe;
        private final ByteArrayOutputStream arrived = new ByteArrayOutputStream();
        private final CountDownLatch ended = new CountDownLatch(1);
        private volatile FileChannel channel;
        private volatile boolean stopped;

        private Output(Path pipe) {
            this.pipe = pipe;
        }

        static Output readFrom(Path pipe) {
            Output output = new Output(pipe);
            Thread reader = new Thread(output::read, "labcheck-shell-" + pipe.getFileName());
            reader.setDaemon(true);
            reader.start();
            return output;
        }

        private void read() {
            // opening waits for the writer: the process's start opens the other end
            try (FileChannel in = FileChannel.open(pipe, StandardOpenOption.READ)) {
                channel = in;
                ByteBuffer buffer = ByteBuffer.allocate(8192);
                while (!stopped && in.read(buffer) >= 0) {
                    synchronized (arrived) {
                        arrived.write(buffer.array(), 0, buffer.position());
                    }
                    buffer.clear();
                }
            } catch (ClosedChannelException e) {
                // stopped at the bound: what arrived is kept
            } catch (IOException e) {
                synchronized (arrived) {
                    arrived.writeBytes(("[labcheck: reading the output failed: " + e.getMessage() + "]")
                            .getBytes(StandardCharsets.UTF_8));
                }
            } finally {
                ended.countDown();
            }
        }

        /** The output once every writer closed it, or what had arrived when {@code nanos} ran out. */
        String awaitEnd(long nanos) {
            try {
                if (!ended.await(nanos, TimeUnit.NANOSECONDS)) {
                    // a background process holds the output past the bound (it was reparented when the shell exited,
                    // so it is not this command's to stop): keep what arrived, as a cut-off ssh shows it
                    stop();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
            }
            synchronized (arrived) {
                return arrived.toString(StandardCharsets.UTF_8);
            }
        }

        /** Stops reading: closing the channel wakes a read blocked on it. */
        void stop() {
            stopped = true;
            FileChannel in = channel;
            if (in != null) {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // closing only wakes the reader; nothing was written
                }
            }
        }

        /**
         * The process may never have opened the pipe: opening it here, for reading and writing (which on Linux never
         * waits for the other end), ends a reader's wait for a writer; a reader that already ended is not affected.
         */
        void abandon() {
            stopped = true;
            try (java.io.RandomAccessFile unblock = new java.io.RandomAccessFile(pipe.toFile(), "rw")) {
                unblock.getFD().valid();
            } catch (IOException ignored) {
                // the reader is gone with its pipe
            }
        }
    }
}

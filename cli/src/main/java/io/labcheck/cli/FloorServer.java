package io.labcheck.cli;

import io.labcheck.host.ContainerHosts;
import io.labcheck.host.HostImage;
import io.labcheck.host.Owner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The floors of the SSH benchmarks, without labcheck in the way: the host image started by a plain {@code docker
 * run} with sshd as its only process, the student's key bound in, and the real OpenSSH client. Removed on close.
 */
final class FloorServer implements AutoCloseable {
    private static final Duration BOUND = Duration.ofSeconds(60);

    private final Path dir;
    private final Path key;
    private String container;
    private String address;

    FloorServer() throws IOException {
        dir = Files.createTempDirectory("labcheck-floor-");
        key = dir.resolve("floor");
        Result made = run(Duration.ofSeconds(30), "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString());
        if (made.exit() != 0) {
            throw new Labcheck.UserError("ssh-keygen (OpenSSH's client tools, needed for the floors) failed: " + made.out());
        }
        Files.setPosixFilePermissions(Path.of(key + ".pub"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    }

    Path key() {
        return key;
    }

    String address() {
        return address;
    }

    /** Milliseconds from {@code docker run} to OpenSSH's first {@code ssh ... true} that succeeds. */
    double boot() {
        removeContainer();
        long t0 = System.nanoTime();
        Result started = run(BOUND, "docker", "run", "-d", "--label", ContainerHosts.LABEL_MANAGED + "=true", "--label",
                ContainerHosts.LABEL_OWNER + "=" + Owner.current(), "-v", key + ".pub:/home/ubuntu/.ssh/authorized_keys:ro",
                HostImage.configuredName(), "/usr/sbin/sshd", "-D", "-e");
        if (started.exit() != 0) {
            throw new Labcheck.UserError("docker run of " + HostImage.configuredName() + " (the floor) failed: " + started.out());
        }
        container = started.out().strip();
        address = run(BOUND, "docker", "inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}",
                container).out().strip();
        while (System.nanoTime() - t0 < BOUND.toNanos()) {
            if (ssh("-o", "ConnectTimeout=1", "true").exit() == 0) {
                return (System.nanoTime() - t0) / 1e6;
            }
        }
        throw new Labcheck.UserError("the floor's sshd at " + address + " took no login within " + BOUND.toSeconds() + " s");
    }

    /** Milliseconds of {@code ssh true} over an open OpenSSH connection (a ControlMaster), per run. */
    double[] execRoundTrips(int runs) {
        Path socket = dir.resolve("master");
        Result master = ssh("-o", "ControlMaster=yes", "-o", "ControlPath=" + socket, "-o", "ControlPersist=60", "-fN");
        if (master.exit() != 0) {
            throw new Labcheck.UserError("OpenSSH's control master to " + address + " failed: " + master.out());
        }
        try {
            double[] ms = new double[runs];
            for (int n = 0; n < runs; n++) {
                long t0 = System.nanoTime();
                Result r = ssh("-o", "ControlPath=" + socket, "true");
                ms[n] = (System.nanoTime() - t0) / 1e6;
                if (r.exit() != 0) {
                    throw new Labcheck.UserError("ssh true over the control master failed: " + r.out());
                }
            }
            return ms;
        } finally {
            ssh("-o", "ControlPath=" + socket, "-Oexit");
        }
    }

    private Result ssh(String... options) {
        List<String> all = new ArrayList<>(List.of("ssh", "-i", key.toString(), "-o", "BatchMode=yes", "-o",
                "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR"));
        List<String> rest = new ArrayList<>(List.of(options));
        String command = rest.isEmpty() || rest.get(rest.size() - 1).startsWith("-") ? null : rest.remove(rest.size() - 1);
        all.addAll(rest);
        all.add("ubuntu@" + address);
        if (command != null) {
            all.add(command);
        }
        return run(Duration.ofSeconds(30), all.toArray(String[]::new));
    }

    private void removeContainer() {
        if (container != null) {
            run(BOUND, "docker", "rm", "-f", container);
            container = null;
        }
    }

    @Override
    public void close() {
        removeContainer();
        for (String f : List.of("floor", "floor.pub", "master")) {
            dir.resolve(f).toFile().delete();
        }
        dir.toFile().delete();
    }

    record Result(int exit, String out) {}

    static Result run(Duration bound, String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            byte[][] out = new byte[1][];
            Thread reader = new Thread(() -> {
                try {
                    out[0] = p.getInputStream().readAllBytes();
                } catch (IOException e) {
                    out[0] = new byte[0];
                }
            });
            reader.start();
            if (!p.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new Labcheck.UserError(String.join(" ", command) + " did not end within " + bound.toSeconds() + " s");
            }
            reader.join(5_000);
            return new Result(p.exitValue(), out[0] == null ? "" : new String(out[0], StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new Labcheck.UserError("cannot run " + command[0] + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Labcheck.UserError("interrupted while running " + command[0]);
        }
    }
}

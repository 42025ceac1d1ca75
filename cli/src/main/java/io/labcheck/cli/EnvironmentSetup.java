package io.labcheck.cli;

import io.labcheck.host.HostImage;
import io.labcheck.substitute.PackageIndex;
import io.labcheck.substitute.PublicDns;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Makes container hosts possible before a run: a Docker engine that answers and the host image. Where
 * it can (root, Debian's apt, the repository's scripts at hand) it brings them up itself, printing each
 * phase and its time; where it cannot, it stops with what to do. It asks the docker command, not
 * Testcontainers, because Testcontainers remembers a failed look for the rest of the process.
 */
final class EnvironmentSetup {
    private static final Duration ENGINE_BOUND = Duration.ofMinutes(10);
    private static final Duration IMAGE_BOUND = Duration.ofMinutes(20);
    private static final Duration PROBE_BOUND = Duration.ofSeconds(30);

    private final PrintStream out;
    private final Path home;
    private final String docker;

    /** @param home the repository (where fixtures/ is), null when not known: then nothing is set up, only checked */
    EnvironmentSetup(PrintStream out, Path home) {
        this(out, home, "docker");
    }

    /** @param docker the docker command to ask (tests name one that is not there) */
    EnvironmentSetup(PrintStream out, Path home, String docker) {
        this.out = out;
        this.home = home;
        this.docker = docker;
    }

    static Path homeFromLauncher() {
        String home = System.getProperty("labcheck.home");
        return home == null || home.isBlank() ? null : Path.of(home);
    }

    /**
     * Container hosts ready for {@code settings}, or a user error saying why not: the engine and images set up
     * first unless {@code noSetup}. The one way validate and cloud up get there.
     */
    static void requireContainerHosts(PrintStream out, boolean noSetup, io.labcheck.cloud.CloudSettings settings) {
        new EnvironmentSetup(out, noSetup ? null : homeFromLauncher()).ensureContainerHosts();
        io.labcheck.cloud.Availability a = io.labcheck.host.Datacenter.availability(settings);
        if (!a.available()) {
            throw new Labcheck.UserError("container hosts cannot run here: " + a.reason());
        }
    }

    void ensureContainerHosts() {
        if (!engineAnswers(docker)) {
            Path script = fixture("docker-engine.sh");
            if (script == null || !canInstall()) {
                throw new Labcheck.UserError("no Docker engine answers ('docker info' fails), and container hosts need one:"
                        + " start it as root with 'bash fixtures/docker-engine.sh' (installs Debian's docker.io and"
                        + " starts dockerd), or 'sudo dockerd &' where Docker is installed; then run this again");
            }
            phase("Docker engine", List.of("bash", script.toString()), ENGINE_BOUND);
            if (!engineAnswers(docker)) {
                throw new Labcheck.UserError("fixtures/docker-engine.sh finished but 'docker info' still fails:"
                        + " see its output above");
            }
        }
        String image = HostImage.configuredName();
        String index = PackageIndex.configuredImage();
        String internet = PublicDns.configuredImage();
        List<String> missing = java.util.stream.Stream.of(image, index, internet).filter(i -> !imagePresent(i)).toList();
        if (!missing.isEmpty()) {
            Path script = fixture("host-image/build.sh");
            boolean ours = image.equals(HostImage.DEFAULT) && index.equals(PackageIndex.DEFAULT_IMAGE)
                    && internet.equals(PublicDns.DEFAULT_IMAGE);
            if (!ours || script == null || !canInstall()) {
                throw new Labcheck.UserError(String.join(" and ", missing) + (missing.size() == 1 ? " is" : " are")
                        + " not in the Docker engine: build with 'bash fixtures/host-image/build.sh all' (about 90 s"
                        + " the first time; never pulled)" + (ours ? "" : ", or build or load them yourself"));
            }
            phase("host image " + image + ", package index " + index + " and internet " + internet,
                    List.of("bash", script.toString(), "all"), IMAGE_BOUND);
            for (String built : List.of(image, index, internet)) {
                if (!imagePresent(built)) {
                    throw new Labcheck.UserError("fixtures/host-image/build.sh finished but " + built
                            + " is still missing: see its output above");
                }
            }
        }
    }

    private Path fixture(String relative) {
        if (home == null) {
            return null;
        }
        Path p = home.resolve("fixtures").resolve(relative);
        return Files.isRegularFile(p) ? p : null;
    }

    /** Installing packages and starting daemons needs root and Debian's apt. */
    private static boolean canInstall() {
        return "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/apt-get"));
    }

    static boolean engineAnswers() {
        return engineAnswers("docker");
    }

    private static boolean engineAnswers(String docker) {
        return quietly(List.of(docker, "info"));
    }

    private boolean imagePresent(String image) {
        return quietly(List.of(docker, "image", "inspect", image));
    }

    private static boolean quietly(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            if (!p.waitFor(PROBE_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false; // no docker command at all
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs a setup script, its lines indented under the phase's name, within a bound. */
    private void phase(String name, List<String> command, Duration bound) {
        out.println("setup: " + name + " ...");
        long t0 = System.nanoTime();
        Deque<String> last = new ArrayDeque<>();
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).directory(home.toFile()).start();
            p.getOutputStream().close();
            Thread pump = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        out.println("  " + line);
                        synchronized (last) {
                            last.addLast(line);
                            if (last.size() > 3) {
                                last.removeFirst();
                            }
                        }
                    }
                } catch (IOException e) {
                    // the process ended; its exit code says how
                }
            }, "labcheck-setup-output");
            pump.setDaemon(true);
            pump.start();
            if (!p.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new Labcheck.UserError("setup: " + name + " did not finish within " + bound.toMinutes()
                        + " min; run '" + String.join(" ", command) + "' by hand to see why");
            }
            pump.join(TimeUnit.SECONDS.toMillis(5));
            if (p.exitValue() != 0) {
                throw new Labcheck.UserError("setup: " + name + " failed (exit " + p.exitValue() + "): "
                        + String.join(" | ", last));
            }
        } catch (IOException e) {
            throw new Labcheck.UserError("setup: cannot run " + command + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Labcheck.UserError("setup: interrupted during " + name);
        }
        out.printf(Locale.ROOT, "setup: %s ready in %.1f s%n", name, (System.nanoTime() - t0) / 1e9);
    }
}

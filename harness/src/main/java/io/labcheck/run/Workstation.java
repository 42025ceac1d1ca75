package io.labcheck.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The student's own computer: a sandboxed home folder (the key file the cloud gave goes there) where the
 * document's workstation commands run with this machine's real {@code ssh} and {@code curl}. OpenSSH is
 * given a config of the sandbox's own ({@code -F}): no prompts (BatchMode), host keys remembered in the
 * sandbox, a connect bound; the student's words are otherwise unchanged.
 */
public final class Workstation implements AutoCloseable {
    /** How a command ended. {@code timedOut}: still running when the bound expired, then killed. */
    public record Result(int exitCode, String output, boolean timedOut) {}

    private static final Pattern SSH_PROGRAM = Pattern.compile("(^|&&|\\|\\||;|\\|)(\\s*(?:sudo\\s+)?)(ssh|scp)(?=\\s)");

    private final Path home;
    /** What {@link #reachDomain} last wrote: the curlrc, and the root its CA bundle trusts. */
    private String curlrc = "";
    private String trustedRoot = "";
    private final Path sshConfig;
    private final String sourceAddress;

    public Workstation() throws IOException {
        this("labcheck-workstation-", "");
    }

    /**
     * A sandbox whose {@code ssh} connects from {@code sourceAddress} (a loopback address of this machine; empty: the
     * system's choice, 127.0.0.1 for the instances' addresses): another computer, as the cloud's rules see it.
     */
    public Workstation(String prefix, String sourceAddress) throws IOException {
        this.home = Files.createTempDirectory(prefix);
        this.sourceAddress = sourceAddress;
        Path ssh = Files.createDirectories(home.resolve(".ssh"));
        this.sshConfig = ssh.resolve("config");
        Files.writeString(sshConfig, String.join("\n",
                "Host *",
                "  BatchMode yes",
                "  StrictHostKeyChecking accept-new",
                "  UserKnownHostsFile " + ssh.resolve("known_hosts"),
                "  ConnectTimeout 10",
                "  LogLevel ERROR",
                sourceAddress.isEmpty() ? "" : "  BindAddress " + sourceAddress,
                ""));
        // a script's ssh (a CI step's, with a heredoc) meets the same config: OpenSSH reads the user's own
        // ~/.ssh/config from the password database, not from HOME, so the sandbox's ssh is a wrapper on its PATH
        Path bin = Files.createDirectories(home.resolve(".labcheck-bin"));
        for (String program : new String[] {"ssh", "scp"}) {
            Path wrapper = bin.resolve(program);
            Files.writeString(wrapper, "#!/bin/sh\nexec /usr/bin/" + program + " -F " + sshConfig + " \"$@\"\n");
            Files.setPosixFilePermissions(wrapper, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /** Where this computer's ssh connects from; empty when it is the system's choice. */
    public String sourceAddress() {
        return sourceAddress;
    }

    public Path home() {
        return home;
    }

    /** A file in the sandbox, as the document names it (relative to the home folder, or ~/...). */
    public Path file(String name) {
        String n = name.startsWith("~/") ? name.substring(2) : name;
        return home.resolve(n).normalize();
    }

    /**
     * Makes the sandbox's curl reach {@code records} (full name to address) as the lab's public DNS answers them and,
     * when {@code rootPem} is not empty, trust that root beside the system's (written to its {@code ~/.curlrc}:
     * the student's curl command is unchanged).
     */
    public void reachDomain(java.util.Map<String, String> records, String rootPem) throws IOException {
        StringBuilder rc = new StringBuilder("# labcheck: the lab's domain as the run's public DNS answers it\n");
        records.forEach((name, address) -> {
            for (int port : new int[] {80, 443}) {
                rc.append("resolve = ").append(name).append(':').append(port).append(':').append(address).append('\n');
            }
        });
        if (!rootPem.isEmpty()) {
            Path bundle = home.resolve(".labcheck-ca.pem");
            Path system = Path.of("/etc/ssl/certs/ca-certificates.crt");
            if (!rootPem.equals(trustedRoot)) { // the system's bundle is read and written once per root, not per request
                Files.writeString(bundle, (Files.isReadable(system) ? Files.readString(system) : "") + "\n" + rootPem);
                trustedRoot = rootPem;
            }
            rc.append("cacert = ").append(bundle).append('\n');
        }
        if (!rc.toString().equals(curlrc)) {
            Files.writeString(home.resolve(".curlrc"), rc.toString());
            curlrc = rc.toString();
        }
    }

    /** The command as it runs here: {@code ssh}/{@code scp} given the sandbox's config. */
    public String prepared(String command) {
        return SSH_PROGRAM.matcher(command).replaceAll("$1$2$3 -F " + sshConfig);
    }

    public Result run(String command, Duration timeout) throws IOException {
        return start(List.of("bash", "-c", prepared(command)), home, Map.of(), false, timeout);
    }

    /**
     * Runs {@code argv} in {@code dir} (inside the sandbox) with {@code env} added, the sandbox's ssh first on the
     * PATH; output and error merged, as a terminal shows them.
     */
    public Result run(List<String> argv, Path dir, Map<String, String> env, Duration timeout) throws IOException {
        return start(argv, dir, env, true, timeout);
    }

    private Result start(List<String> argv, Path dir, Map<String, String> env, boolean wrappers, Duration timeout)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("HOME", home.toString());
        pb.environment().put("LC_ALL", "C.UTF-8");
        pb.environment().putAll(env);
        if (wrappers) {
            pb.environment().put("PATH", home.resolve(".labcheck-bin") + ":" + pb.environment().getOrDefault("PATH", "/usr/bin:/bin"));
        }
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        try {
            boolean ended = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
            String output = out.get(5, TimeUnit.SECONDS);
            return new Result(ended ? p.exitValue() : -1, output, !ended);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while running in " + home + ": " + String.join(" ", argv), e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return new Result(p.isAlive() ? -1 : p.exitValue(), "", false);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        Directories.deleteTree(home);
    }
}

package io.labcheck.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
    private final Path sshConfig;

    public Workstation() throws IOException {
        this.home = Files.createTempDirectory("labcheck-workstation-");
        Path ssh = Files.createDirectories(home.resolve(".ssh"));
        this.sshConfig = ssh.resolve("config");
        Files.writeString(sshConfig, String.join("\n",
                "Host *",
                "  BatchMode yes",
                "  StrictHostKeyChecking accept-new",
                "  UserKnownHostsFile " + ssh.resolve("known_hosts"),
                "  ConnectTimeout 10",
                "  LogLevel ERROR",
                ""));
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
            Files.writeString(bundle, (Files.isReadable(system) ? Files.readString(system) : "") + "\n" + rootPem);
            rc.append("cacert = ").append(bundle).append('\n');
        }
        Files.writeString(home.resolve(".curlrc"), rc.toString());
    }

    /** The command as it runs here: {@code ssh}/{@code scp} given the sandbox's config. */
    public String prepared(String command) {
        return SSH_PROGRAM.matcher(command).replaceAll("$1$2$3 -F " + sshConfig);
    }

    public Result run(String command, Duration timeout) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", prepared(command)).directory(home.toFile())
                .redirectErrorStream(true);
        pb.environment().put("HOME", home.toString());
        pb.environment().put("LC_ALL", "C.UTF-8");
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
            throw new IOException("interrupted while running on the workstation: " + command, e);
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

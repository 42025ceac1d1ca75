package io.labcheck.diagnose;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The real clients a student types into their terminal (OpenSSH's ssh, curl), run with short bounds;
 * what they print is the evidence of "what the user really sees".
 */
public final class StudentTools {
    static final Duration CONNECT = Duration.ofSeconds(2);
    static final Duration BOUND = Duration.ofSeconds(8);

    /** {@code ssh -i KEY USER@HOST true}, non-interactive, with a short connect timeout. */
    public static Symptom ssh(Path keyFile, String user, String host) {
        return ssh(keyFile, user, host, 22);
    }

    /** {@code ssh -i KEY [-p PORT] USER@HOST true}: {@code -p} only where sshd is not on 22, as a student types it. */
    public static Symptom ssh(Path keyFile, String user, String host, int port) {
        if (port != 22) {
            return run("ssh", "-i", keyFile.toString(), "-p", String.valueOf(port), "-o", "BatchMode=yes", "-o",
                    "ConnectTimeout=" + CONNECT.toSeconds(), "-o", "StrictHostKeyChecking=no", "-o",
                    "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", user + "@" + host, "true");
        }
        return run("ssh", "-i", keyFile.toString(), "-o", "BatchMode=yes", "-o", "ConnectTimeout=" + CONNECT.toSeconds(),
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                user + "@" + host, "true");
    }

    /** {@code curl URL}, with a short connect timeout. */
    public static Symptom curl(String url) {
        return run("curl", "-sS", "-o", "/dev/null", "-w", "HTTP %{http_code}", "--connect-timeout",
                String.valueOf(CONNECT.toSeconds()), "-m", "5", url);
    }

    static Symptom run(String... command) {
        String shown = String.join(" ", command).replaceAll("-o \\S+ ", "").replaceAll("\\s+", " ");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new Symptom(shown, -1, "(still waiting after " + BOUND.toSeconds() + " s)");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return new Symptom(shown, p.exitValue(), out);
        } catch (IOException e) {
            return new Symptom(shown, -1, command[0] + " is not installed here (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Symptom(shown, -1, "interrupted");
        }
    }

    private StudentTools() {}
}

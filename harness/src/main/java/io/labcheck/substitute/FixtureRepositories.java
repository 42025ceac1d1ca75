package io.labcheck.substitute;

import io.labcheck.lab.LabDocumentException;
import io.labcheck.lab.Sidecar;
import io.labcheck.ssh.ExecResult;
import io.labcheck.ssh.SshSession;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code git clone URL} where the URL is a repository this machine cannot reach: the lab's sidecar names a
 * fixture directory that stands in for it. Each becomes a git repository (one commit, fixed author and date, so
 * the same files give the same commit), copied to the server under {@value #SERVER_DIR}, and the server's
 * {@code /etc/gitconfig} rewrites the URL to it ({@code url.<repo>.insteadOf}): the student's command is run
 * unchanged, by the real git, and {@code git remote -v} still shows the URL they typed.
 */
public final class FixtureRepositories implements AutoCloseable {
    public static final String SERVER_DIR = "/opt/labcheck/git";
    private static final Duration GIT = Duration.ofSeconds(60);

    /** One fixture repository, built here. */
    public record Built(Sidecar.Repository repository, String name, String commit, Path bare) {
        public String serverUrl() {
            return "file://" + SERVER_DIR + "/" + name + ".git";
        }

        /** What reports say about it. */
        public String describe() {
            return "git clone " + repository.url() + " is served from the fixture repository " + repository.from()
                    + " (commit " + commit.substring(0, 12) + "), on the server at " + serverUrl()
                    + " through /etc/gitconfig url.insteadOf";
        }
    }

    private final Path work;
    private final List<Built> built;

    private FixtureRepositories(Path work, List<Built> built) {
        this.work = work;
        this.built = built;
    }

    /** Builds a repository from each of the sidecar's fixture directories (none: nothing is built). */
    public static FixtureRepositories build(Sidecar sidecar) throws IOException {
        if (sidecar.repositories().isEmpty()) {
            return new FixtureRepositories(null, List.of());
        }
        Path work = Files.createTempDirectory("labcheck-git-");
        List<Built> built = new ArrayList<>();
        Set<String> names = new HashSet<>();
        try {
            for (Sidecar.Repository r : sidecar.repositories()) {
                String name = r.name();
                for (int i = 2; !names.add(name); i++) {
                    name = r.name() + "-" + i;
                }
                Path bare = work.resolve(name + ".git");
                git(bare, r.from(), "init", "-q", "--initial-branch=main");
                git(bare, r.from(), "add", "-A");
                git(bare, r.from(), "commit", "-q", "--no-verify", "-m", "labcheck fixture for " + r.url());
                git(bare, r.from(), "config", "core.bare", "true");
                String commit = git(bare, r.from(), "rev-parse", "HEAD").strip();
                built.add(new Built(r, name, commit, bare));
            }
            return new FixtureRepositories(work, List.copyOf(built));
        } catch (IOException | RuntimeException e) {
            io.labcheck.run.Directories.deleteTree(work);
            throw e;
        }
    }

    public List<Built> built() {
        return built;
    }

    public boolean isEmpty() {
        return built.isEmpty();
    }

    /**
     * Puts the repositories on the server (over the harness's own session, with sudo) and points the URLs at
     * them. Returns one line per repository for the run's evidence.
     */
    public List<String> install(SshSession session) throws IOException {
        List<String> said = new ArrayList<>();
        for (Built b : built) {
            Path archive = work.resolve(b.name() + ".tar.gz");
            run(List.of("tar", "-C", work.toString(), "-czf", archive.toString(), b.name() + ".git"), work, Map.of());
            String remote = "/tmp/labcheck-" + b.name() + ".tar.gz";
            session.upload(archive, remote, GIT);
            String config = "[url \"" + b.serverUrl() + "\"]\n"
                    + "\tinsteadOf = " + b.repository().url() + "\n"
                    + (b.repository().url().endsWith(".git")
                    ? "\tinsteadOf = " + b.repository().url().substring(0, b.repository().url().length() - 4) + "\n" : "")
                    + "[safe]\n\tdirectory = " + SERVER_DIR + "/" + b.name() + ".git\n";
            ExecResult r = session.exec("sudo mkdir -p " + SERVER_DIR + " && sudo tar -xzf " + remote + " -C " + SERVER_DIR
                    + " && sudo chmod -R a+rX " + SERVER_DIR + " && rm -f " + remote
                    + " && printf '%s' '" + config.replace("'", "'\\''") + "' | sudo tee -a /etc/gitconfig >/dev/null", GIT);
            if (r.exitCode() != 0) {
                throw new IOException("could not put the fixture repository for " + b.repository().url() + " on the server"
                        + " (exit " + r.exitCode() + "): " + (r.stderr() + r.stdout()).strip());
            }
            said.add(b.describe());
        }
        return said;
    }

    private static String git(Path gitDir, Path workTree, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("git", "--git-dir=" + gitDir, "--work-tree=" + workTree));
        command.addAll(List.of(args));
        // the same files give the same commit, whoever builds it and whatever their git configuration says
        return run(command, workTree, Map.of(
                "GIT_AUTHOR_NAME", "labcheck", "GIT_AUTHOR_EMAIL", "labcheck@localhost",
                "GIT_COMMITTER_NAME", "labcheck", "GIT_COMMITTER_EMAIL", "labcheck@localhost",
                "GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z", "GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z",
                "GIT_CONFIG_GLOBAL", "/dev/null", "GIT_CONFIG_NOSYSTEM", "1"));
    }

    private static String run(List<String> command, Path dir, Map<String, String> env) throws IOException {
        Path log = Files.createTempFile("labcheck-git-", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        try {
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                throw new LabDocumentException("the lab's sidecar names a fixture repository, and building it needs '"
                        + command.get(0) + "' on this machine: install it (apt-get install " + command.get(0) + ")");
            }
            if (!p.waitFor(GIT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("'" + String.join(" ", command) + "' did not end within " + GIT.toSeconds() + " s");
            }
            String text = Files.readString(log);
            if (p.exitValue() != 0) {
                throw new IOException("'" + String.join(" ", command) + "' failed (exit " + p.exitValue() + "): " + text.strip());
            }
            return text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.get(0));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    @Override
    public void close() {
        if (work != null) {
            io.labcheck.run.Directories.deleteTree(work);
        }
    }

}

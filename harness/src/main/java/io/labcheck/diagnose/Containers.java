package io.labcheck.diagnose;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The containers on a server as its Docker engine describes them to the login user ({@code docker ps -a},
 * {@code docker inspect}): one reading for the diagnosis, the fault that breaks a container and its tests.
 */
public final class Containers {
    /** What {@link #LIST} prints on a server without the docker command. */
    static final String NO_DOCKER = "labcheck:no-docker";
    /** What {@link #LIST} prints, before the engine's own words, when neither the user nor sudo -n may ask the engine. */
    static final String NO_ACCESS = "labcheck:no-access";
    /** The docker command the login user can use: their own (the docker group), else sudo's without a password. */
    private static final String DOCKER = "if docker ps -q >/dev/null 2>&1; then d=docker; elif sudo -n docker ps -q >/dev/null 2>&1;"
            + " then d='sudo -n docker'; else echo " + NO_ACCESS + "; docker ps -q 2>&1 | tail -n 1; exit 0; fi; ";

    /**
     * The server's clock, then every container, running or not, one line each: name, state, exit code, whether the
     * kernel's OOM killer ended it, restart policy, restarts so far, when its current run started, image.
     */
    public static final String LIST = "command -v docker >/dev/null 2>&1 || { echo " + NO_DOCKER + "; exit 0; }; " + DOCKER
            + "echo now=$(date -u +%s); $d ps -aq | xargs -r $d inspect -f '{{.Name}}|{{.State.Status}}|{{.State.ExitCode}}"
            + "|{{.State.OOMKilled}}|{{.HostConfig.RestartPolicy.Name}}|{{.RestartCount}}|{{.State.StartedAt}}|{{.Config.Image}}'";
    /** A run this short after a restart may be one round of a restart loop: look again before calling it up. */
    static final java.time.Duration JUST_RESTARTED = java.time.Duration.ofSeconds(30);

    /** One container, as {@code docker inspect} describes it. */
    public record Container(String name, String state, int exitCode, boolean oomKilled, String restartPolicy,
                            int restartCount, java.time.Instant startedAt, String image) {

        /**
         * Whether it is down by failing, not by a choice: restarting, dead, never started, or exited with an error. An
         * exit by SIGINT, SIGKILL or SIGTERM (130, 137, 143) is what {@code docker stop} leaves, unless the kernel's
         * OOM killer sent it.
         */
        public boolean failing() {
            return switch (state) {
                case "restarting", "dead" -> true;
                case "exited", "created" -> exitCode != 0 && (oomKilled || !stoppedBySignal());
                default -> false;
            };
        }

        private boolean stoppedBySignal() {
            return exitCode == 130 || exitCode == 137 || exitCode == 143;
        }

        /** Whether Docker starts it again after it exits (its restart policy is one that restarts). */
        public boolean restartedByDocker() {
            return restartPolicy.equals("always") || restartPolicy.equals("unless-stopped")
                    || restartPolicy.startsWith("on-failure");
        }

        /**
         * Running, restarted by Docker, its current run begun moments ago: between two rounds of a restart loop the
         * container is up for as long as its process takes to fail, and {@code docker ps} then says "Up".
         */
        boolean justRestarted(java.time.Instant now) {
            return state.equals("running") && restartCount > 0 && startedAt != null
                    && startedAt.isAfter(now.minus(JUST_RESTARTED));
        }

        @Override
        public String toString() {
            return name + " " + state + " (exit " + exitCode + (oomKilled ? ", OOM-killed" : "") + "), restart policy "
                    + (restartPolicy.isEmpty() ? "no" : restartPolicy) + ", restarted " + restartCount + " times, image "
                    + image;
        }
    }

    /** What the engine said: the containers, or why it could not be asked. */
    public record Listing(boolean docker, String refused, java.time.Instant now, List<Container> containers) {
        public Optional<Container> firstFailing() {
            return containers.stream().filter(Container::failing).findFirst();
        }

        /** Whether some container is up moments after a restart, so that a second look is needed to call it up. */
        public boolean anyJustRestarted() {
            return containers.stream().anyMatch(c -> c.justRestarted(now));
        }

        /**
         * This listing with a later one's word added: a container failing in either, or restarted between the two
         * (its count went up: it exited meanwhile), is failing; the later reading of each is kept otherwise.
         */
        public Listing then(Listing later) {
            List<Container> merged = new ArrayList<>();
            for (Container c : later.containers) {
                Optional<Container> before = containers.stream().filter(b -> b.name.equals(c.name)).findFirst();
                if (!c.failing() && before.isPresent() && before.get().failing()) {
                    merged.add(before.get());
                } else if (!c.failing() && before.isPresent() && c.restartCount > before.get().restartCount) {
                    merged.add(new Container(c.name, "restarting", c.exitCode, c.oomKilled, c.restartPolicy, c.restartCount,
                            c.startedAt, c.image));
                } else {
                    merged.add(c);
                }
            }
            return new Listing(later.docker, later.refused, later.now, List.copyOf(merged));
        }
    }

    /** What {@link #LIST} printed. */
    public static Listing read(String printed) {
        List<String> lines = printed.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.contains(NO_DOCKER)) {
            return new Listing(false, "", null, List.of());
        }
        if (!lines.isEmpty() && lines.get(0).equals(NO_ACCESS)) {
            String why = lines.size() > 1 ? lines.get(lines.size() - 1) : "docker ps failed";
            return new Listing(true, why, null, List.of());
        }
        if (lines.isEmpty() || !lines.get(0).matches("now=\\d+")) {
            throw new IllegalArgumentException("the container listing does not start with the server's clock: "
                    + (lines.isEmpty() ? "nothing" : lines.get(0)));
        }
        java.time.Instant now = java.time.Instant.ofEpochSecond(Long.parseLong(lines.get(0).substring(4)));
        List<Container> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\\|", -1);
            if (f.length != 8 || !f[2].matches("-?\\d+") || !f[5].matches("\\d+")) {
                throw new IllegalArgumentException("docker inspect printed a line that is not a container's: " + line);
            }
            out.add(new Container(f[0].replaceFirst("^/", ""), f[1], Integer.parseInt(f[2]), f[3].equals("true"),
                    f[4].equals("no") ? "" : f[4], Integer.parseInt(f[5]), startedAt(f[6]), f[7]));
        }
        return new Listing(true, "", now, List.copyOf(out));
    }

    /** When a run started, as docker inspect writes it; null for a container never started ("0001-01-01T00:00:00Z"). */
    private static java.time.Instant startedAt(String written) {
        try {
            java.time.Instant t = java.time.Instant.parse(written);
            return t.getEpochSecond() <= 0 ? null : t;
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** What a student types next about a failing container: its line in {@code docker ps -a}, and its last log lines. */
    static String statusAndLogs(String name) {
        return DOCKER + "$d ps -a --filter 'name=^/" + name + "$' --format '{{.Names}}   {{.Status}}'; echo '--- logs';"
                + " $d logs --tail 5 '" + name + "' 2>&1";
    }

    private Containers() {}
}

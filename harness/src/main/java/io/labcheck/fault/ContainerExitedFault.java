package io.labcheck.fault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container run with a wrong command: the app's container recreated as a student mistypes it, its command naming
 * the app's module wrongly ({@code uvicorn main:app} for {@code app.main:app}), with the same image, published ports
 * and restart policy. Its process exits at once, with the error its server prints ("Could not import module"), and
 * Docker does with it what its restart policy says. The original is renamed aside and stopped, and comes back on
 * revert.
 */
final class ContainerExitedFault extends AbstractFault {
    /** An ASGI/WSGI target as servers take it: {@code package.module:attribute}. */
    private static final Pattern TARGET = Pattern.compile("^([A-Za-z_][\\w.]*):([A-Za-z_]\\w*)$");
    static final String SAVED = "-labcheck-saved";
    private static final Duration SETTLE = Duration.ofSeconds(40);
    /** How many times {@link #applied} reads docker ps, half a second apart. */
    private static final int LOOKS = 20;

    /** The container broken: its name, what it runs, how it is published and restarted. */
    record Target(String name, String image, List<String> command, List<String> ports, String restartPolicy) {
        /** The command as a student mistakes it: the app's module named without its package, or with one. */
        List<String> mistaken() {
            return command.stream().map(w -> {
                Matcher m = TARGET.matcher(w);
                if (!m.matches()) {
                    return w;
                }
                String module = m.group(1);
                return (module.contains(".") ? module.substring(module.lastIndexOf('.') + 1) : "app." + module) + ":" + m.group(2);
            }).toList();
        }
    }

    private Target target;

    /** Why no container here can be broken so, or "" when one can. */
    static String whyNot(Deployment d) {
        return target(d).isPresent() ? "" : "no running container publishes a port with a command that names its app"
                + " (module:app), as a server such as uvicorn or gunicorn takes it";
    }

    /** The first running container that publishes a port and whose command names its app, through the back door. */
    static Optional<Target> target(Deployment d) {
        if (d.hosts() == null) {
            return Optional.empty(); // no back door onto the server: nothing to look at
        }
        String names = d.asRoot("command -v docker >/dev/null 2>&1 && docker ps --format '{{.Names}}'", COMMAND).stdout();
        for (String name : names.lines().map(String::strip).filter(n -> !n.isEmpty() && !n.endsWith(SAVED)).toList()) {
            String fields = d.asRoot("docker inspect -f '{{.Config.Image}}|{{.HostConfig.RestartPolicy.Name}}|"
                    + "{{range $p, $b := .HostConfig.PortBindings}}{{range $b}}{{.HostIp}}:{{.HostPort}}:{{$p}} {{end}}{{end}}'"
                    + " " + name, COMMAND).stdout().strip();
            String[] f = fields.split("\\|", -1);
            if (f.length != 3 || f[2].isBlank()) {
                continue;
            }
            List<String> command = d.asRoot("docker inspect -f '{{range .Config.Cmd}}{{println .}}{{end}}' " + name, COMMAND)
                    .stdout().lines().filter(l -> !l.isEmpty()).toList();
            if (command.stream().noneMatch(w -> TARGET.matcher(w).matches())) {
                continue;
            }
            List<String> ports = List.of(f[2].strip().split("\\s+")).stream()
                    .map(p -> p.startsWith(":") ? p.substring(1) : p).toList();
            return Optional.of(new Target(name, f[0], command, ports, f[1].isEmpty() ? "no" : f[1]));
        }
        return Optional.empty();
    }

    @Override
    public void inject(Deployment d) {
        target = target(d).orElseThrow(() -> new FaultException(whyNot(d)));
        String name = target.name();
        must(d.asRoot("docker rename " + name + " " + name + SAVED + " && docker stop " + name + SAVED, COMMAND),
                "setting " + name + " aside");
        StringBuilder run = new StringBuilder("docker run -d --name " + name + " --restart " + target.restartPolicy());
        target.ports().forEach(p -> run.append(" -p ").append(p));
        run.append(' ').append(quote(target.image()));
        target.mistaken().forEach(w -> run.append(' ').append(quote(w)));
        must(d.asRoot(run.toString(), COMMAND), "running " + name + " with a mistaken command");
        // broken once its process has failed at least once: docker ps no longer says it is up
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (System.nanoTime() < deadline && !down(status(d, name))) {
            sleep(200);
        }
    }

    /**
     * Down as {@code docker ps -a} shows it. A restart loop is "Up" between its rounds for as long as each round's
     * process takes to fail, so the words are read several times over a few seconds (as a student who runs docker ps
     * again): down if any reading says so.
     */
    @Override
    public Check applied(Deployment d) {
        List<String> seen = new java.util.ArrayList<>();
        for (int look = 0; look < LOOKS; look++) {
            String status = status(d, target.name());
            seen.add(status);
            if (down(status)) {
                return Check.yes("docker ps -a: " + target.name() + " " + status + "; it runs "
                        + String.join(" ", target.mistaken()));
            }
            sleep(500);
        }
        return Check.no("docker ps -a: " + target.name() + " " + String.join(", then ", seen) + "; it runs "
                + String.join(" ", target.mistaken()));
    }

    @Override
    public void revert(Deployment d) {
        if (target == null) {
            return;
        }
        String name = target.name();
        must(d.asRoot("docker rm -f " + name + " >/dev/null 2>&1; docker rename " + name + SAVED + " " + name
                + " && docker start " + name, COMMAND), "bringing " + name + " back");
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (System.nanoTime() < deadline && !answers(d)) {
            sleep(200);
        }
    }

    @Override
    public Check reverted(Deployment d) {
        String status = status(d, target.name());
        boolean answers = answers(d); // one request: the check and its words say the same
        return new Check(status.startsWith("Up") && answers, "docker ps: " + target.name() + " " + status
                + "; its published port " + target.ports().get(0) + (answers ? " answers" : " does not answer")
                + " on the server");
    }

    /** Its words in {@code docker ps -a}'s STATUS column, as a student reads them. */
    private static String status(Deployment d, String name) {
        return d.asRoot("docker ps -a --filter 'name=^/" + name + "$' --format '{{.Status}}'", COMMAND).stdout().strip();
    }

    /** "Restarting (1) ..." or "Exited (1) ...": not up, and ended by an error. */
    private static boolean down(String status) {
        return status.matches("(Restarting|Exited) \\((?!0\\))\\d+\\).*");
    }

    /** Whether the container's first published port answers HTTP on the server. */
    private boolean answers(Deployment d) {
        String port = target.ports().get(0).replaceFirst("^.*?(\\d+):[^:]+$", "$1");
        String code = d.asRoot("curl -s -o /dev/null -m 3 -w '%{http_code}' http://127.0.0.1:" + port + "/", COMMAND)
                .stdout().strip();
        return code.matches("[1-4]\\d\\d");
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}

package io.labcheck.lab.lint;

import io.labcheck.lab.CloudAction;
import io.labcheck.lab.Command;
import io.labcheck.lab.LabPlan;
import io.labcheck.lab.LabStep;
import io.labcheck.lab.ShellWords;
import io.labcheck.lab.SourceLine;
import io.labcheck.lab.StepKind;
import io.labcheck.lab.Where;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The network picture a plan draws: what listens on the server (uvicorn, gunicorn, flask, a container's
 * published port, nginx), where nginx proxies to, which ports the security group opens, and which ports the
 * document reaches from outside (curl from the workstation, the browser).
 */
final class Listeners {
    /** Something listening: {@code service} tells two runs of the same app apart from two different programs. */
    record Listener(int port, String address, String service, SourceLine at) {
        boolean loopbackOnly() {
            return address.startsWith("127.") || address.equals("localhost");
        }
    }

    record Reach(int port, String url, SourceLine at) {}

    record Upstream(int port, String target, SourceLine at) {}

    private static final Pattern LISTEN = Pattern.compile("^\\s*listen\\s+(?:([0-9.]+|\\[::\\]):)?(\\d+)");
    private static final Pattern PROXY = Pattern.compile("proxy_pass\\s+https?://(localhost|127\\.0\\.0\\.1|0\\.0\\.0\\.0)(?::(\\d+))?");
    private static final Set<String> DOCKER_VALUE_OPTIONS = Set.of("-p", "--publish", "--name", "-e", "--env", "-v",
            "--volume", "--restart", "--network", "-w", "--workdir", "--env-file", "-u", "--user", "-m", "--memory",
            "--entrypoint", "-l", "--label", "--mount", "--cpus", "--hostname", "-h", "--platform");

    final List<Listener> listeners = new ArrayList<>();
    final List<Reach> reaches = new ArrayList<>();
    final List<Upstream> upstreams = new ArrayList<>();
    /** Ports opened by AuthorizeSecurityGroupIngress steps, with "all" for all traffic. */
    final List<String> opened = new ArrayList<>();
    boolean hasSecurityGroupSteps;

    static Listeners of(LabPlan plan) {
        Listeners l = new Listeners();
        for (LabStep step : plan.steps()) {
            switch (step.kind()) {
                case RUN -> {
                    for (Command c : step.commands()) {
                        for (String simple : c.simpleCommands()) {
                            l.command(step, c, simple);
                        }
                    }
                }
                case WRITE_FILE -> l.file(step);
                case CLOUD_ACTION -> {
                    CloudAction a = step.cloud();
                    if (a.action().equals("AuthorizeSecurityGroupIngress")) {
                        l.hasSecurityGroupSteps = true;
                        l.opened.add(a.value("port"));
                    }
                }
                case BROWSE -> {
                    if (isServer(step.url())) {
                        l.reaches.add(new Reach(portOf(step.url()), step.url(), step.at()));
                    }
                }
            }
        }
        return l;
    }

    boolean isOpen(int port) {
        return opened.contains("all") || opened.contains(String.valueOf(port));
    }

    List<Listener> on(int port) {
        return listeners.stream().filter(x -> x.port() == port).toList();
    }

    private void command(LabStep step, Command c, String simple) {
        List<String> w = ShellWords.program(simple);
        if (w.isEmpty()) {
            return;
        }
        SourceLine at = new SourceLine(c.line(), step.at().headings());
        if (step.where() == Where.WORKSTATION && (w.get(0).equals("curl") || w.get(0).equals("wget"))) {
            w.stream().filter(x -> x.startsWith("http")).findFirst().filter(Listeners::isServer)
                    .ifPresent(url -> reaches.add(new Reach(portOf(url), url, at)));
            return;
        }
        if (step.where() != Where.SERVER) {
            return;
        }
        server(w, at);
    }

    /** Listeners started by one server command (also used for a unit file's ExecStart). */
    void server(List<String> w, SourceLine at) {
        String program = w.get(0);
        switch (program) {
            case "uvicorn" -> listeners.add(new Listener(port(ShellWords.option(w, "--port"), 8000),
                    orDefault(ShellWords.option(w, "--host"), "127.0.0.1"), "uvicorn " + firstArgument(w), at));
            case "gunicorn" -> {
                String bind = orDefault(ShellWords.option(w, "-b", "--bind"), "127.0.0.1:8000");
                int colon = bind.lastIndexOf(':');
                listeners.add(new Listener(port(bind.substring(colon + 1), 8000), colon > 0 ? bind.substring(0, colon) : "0.0.0.0",
                        "gunicorn " + firstArgument(w), at));
            }
            case "flask" -> {
                if (w.contains("run")) {
                    listeners.add(new Listener(port(ShellWords.option(w, "--port", "-p"), 5000),
                            orDefault(ShellWords.option(w, "--host", "-h"), "127.0.0.1"), "flask", at));
                }
            }
            case "http.server" -> listeners.add(new Listener(port(w.size() > 1 ? w.get(1) : "", 8000), "0.0.0.0", "http.server", at));
            case "docker" -> {
                if (w.size() > 1 && w.get(1).equals("run")) {
                    String image = dockerImage(w);
                    for (String p : ShellWords.options(w, "-p")) {
                        String[] parts = p.split(":");
                        if (parts.length >= 2) {
                            String address = parts.length == 3 ? parts[0] : "0.0.0.0";
                            listeners.add(new Listener(port(parts[parts.length - 2], -1), address, "container " + image, at));
                        }
                    }
                }
            }
            case "certbot" -> {
                if (w.contains("--nginx")) {
                    listeners.add(new Listener(443, "0.0.0.0", "nginx", at));
                }
            }
            // nginx started as it is installed: its default server answers on 80 (Ubuntu's default site, Amazon
            // Linux's nginx.conf) whatever site the document adds or fails to add
            case "systemctl" -> {
                if (w.size() > 2 && w.subList(1, w.size()).stream().anyMatch(x -> x.matches("start|restart|enable"))
                        && w.stream().anyMatch(x -> x.equals("nginx") || x.equals("nginx.service"))) {
                    listeners.add(new Listener(80, "0.0.0.0", "nginx", at));
                }
            }
            case "service" -> {
                if (w.size() > 2 && w.get(1).equals("nginx") && w.get(2).matches("start|restart")) {
                    listeners.add(new Listener(80, "0.0.0.0", "nginx", at));
                }
            }
            default -> { }
        }
    }

    private void file(LabStep step) {
        String path = step.file().path();
        String[] lines = step.file().content().split("\n", -1);
        int contentLine = step.file().line();
        if (path.contains("nginx") || step.file().language().equals("nginx")) {
            for (int i = 0; i < lines.length; i++) {
                SourceLine at = new SourceLine(contentLine + i, step.at().headings());
                Matcher m = LISTEN.matcher(lines[i]);
                if (m.find()) {
                    listeners.add(new Listener(Integer.parseInt(m.group(2)), m.group(1) == null ? "0.0.0.0" : m.group(1), "nginx", at));
                }
                Matcher p = PROXY.matcher(lines[i]);
                if (p.find()) {
                    upstreams.add(new Upstream(p.group(2) == null ? 80 : Integer.parseInt(p.group(2)), lines[i].strip(), at));
                }
            }
        }
        if (path.endsWith(".service")) {
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].strip().startsWith("ExecStart=")) {
                    List<String> w = ShellWords.program(lines[i].strip().substring("ExecStart=".length()));
                    if (!w.isEmpty()) {
                        server(w, new SourceLine(contentLine + i, step.at().headings()));
                    }
                }
            }
        }
    }

    private static String dockerImage(List<String> w) {
        for (int i = 2; i < w.size(); i++) {
            String x = w.get(i);
            if (x.startsWith("-")) {
                if (DOCKER_VALUE_OPTIONS.contains(x) && !x.contains("=")) {
                    i++;
                }
                continue;
            }
            String image = x.substring(x.lastIndexOf('/') + 1);
            return image.contains(":") ? image.substring(0, image.indexOf(':')) : image;
        }
        return "?";
    }

    /** The app a server runs: its module:callable where it names one ("--workers 3 wsgi:app" is wsgi:app), else its first argument. */
    private static String firstArgument(List<String> w) {
        return w.stream().skip(1).filter(x -> x.matches("[A-Za-z_][\\w.]*:[A-Za-z_][\\w()]*")).findFirst()
                .orElse(w.stream().skip(1).filter(x -> !x.startsWith("-")).findFirst().orElse(""));
    }

    private static int port(String value, int fallback) {
        return value.matches("\\d{1,5}") ? Integer.parseInt(value) : fallback;
    }

    private static String orDefault(String value, String fallback) {
        return value.isEmpty() ? fallback : value;
    }

    static boolean isServer(String url) {
        return io.labcheck.lab.Urls.isServerAddress(io.labcheck.lab.Urls.hostOf(url));
    }

    static int portOf(String url) {
        return io.labcheck.lab.Urls.portOf(url);
    }
}

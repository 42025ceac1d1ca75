package io.labcheck.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.labcheck.lab.LabPlan;
import io.labcheck.lab.LabStep;
import io.labcheck.lab.ShellWords;
import io.labcheck.lab.StepKind;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code docker-compose -f F up -d} (or {@code docker compose}) on a compose file the document wrote: which of its
 * services can start here, and whether they stay up. No registry can be reached, so a service whose image is neither
 * on the instance nor built by the file (nor a stand-in the sidecar declares) cannot start; the others can, and the
 * run starts those, naming the rest.
 */
final class ComposeUp {
    private static final YAMLMapper YAML = new YAMLMapper();

    private final String command;
    private final String cli;
    private final String file;
    /** Each service of the file, and the image it pulls ("" when the file builds it). */
    private final Map<String, String> images;
    private final List<String> asked;

    private ComposeUp(String command, String cli, String file, Map<String, String> images, List<String> asked) {
        this.command = command;
        this.cli = cli;
        this.file = file;
        this.images = images;
        this.asked = asked;
    }

    /** The images the compose files the plan writes pull ({@code image:} without {@code build:}). */
    static Set<String> pulledByComposeFiles(LabPlan plan) {
        Set<String> names = new java.util.LinkedHashSet<>();
        for (LabStep s : plan.steps()) {
            if (s.kind() == StepKind.WRITE_FILE && s.file() != null) {
                services(s.file().content()).values().stream().filter(i -> !i.isEmpty()).forEach(names::add);
            }
        }
        return names;
    }

    /** When {@code command} is one compose {@code up} on a compose file a step of {@code plan} writes. */
    static Optional<ComposeUp> of(LabPlan plan, String command) {
        List<String> chain = ShellWords.splitChain(command);
        if (chain.size() != 1) {
            return Optional.empty();
        }
        List<String> w = ShellWords.words(chain.get(0));
        int i;
        String cli;
        if (!w.isEmpty() && w.get(0).equals("docker-compose")) {
            cli = "docker-compose";
            i = 1;
        } else if (w.size() > 1 && w.get(0).equals("docker") && w.get(1).equals("compose")) {
            cli = "docker compose";
            i = 2;
        } else {
            return Optional.empty();
        }
        String named = "docker-compose.yml";
        for (; i < w.size() && !w.get(i).equals("up"); i++) {
            if ((w.get(i).equals("-f") || w.get(i).equals("--file")) && i + 1 < w.size()) {
                named = w.get(++i);
            }
        }
        String file = named;
        if (i >= w.size()) {
            return Optional.empty();
        }
        List<String> asked = w.subList(i + 1, w.size()).stream().filter(x -> !x.startsWith("-")).toList();
        Optional<LabStep> written = plan.writing(file).stream().reduce((a, b) -> b);
        if (written.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> images = services(written.get().file().content());
        return images.isEmpty() ? Optional.empty() : Optional.of(new ComposeUp(command, cli, file, images, asked));
    }

    private static Map<String, String> services(String yaml) {
        Map<String, String> images = new LinkedHashMap<>();
        try {
            JsonNode root = YAML.readTree(yaml);
            JsonNode services = root == null ? null : root.get("services");
            if (services == null || !services.isObject()) {
                return images;
            }
            services.fields().forEachRemaining(e -> {
                JsonNode s = e.getValue();
                boolean builds = s != null && s.has("build");
                String image = s != null && s.hasNonNull("image") ? s.get("image").asText() : "";
                images.put(e.getKey(), builds ? "" : image);
            });
        } catch (IOException e) {
            // not YAML compose reads: compose says so itself when it runs
        }
        return images;
    }

    /** The services the command starts: those it names, else all of the file's. */
    List<String> services() {
        return asked.isEmpty() ? List.copyOf(images.keySet()) : asked.stream().filter(images::containsKey).toList();
    }

    /** The image each service pulls ("" when the file builds it). */
    String image(String service) {
        return images.getOrDefault(service, "");
    }

    String file() {
        return file;
    }

    /** Why {@code services} cannot start here: each with the image no registry here serves. */
    String unpullable(List<String> services) {
        return "pulls " + services.stream().map(x -> x + " (" + image(x) + ")").collect(java.util.stream.Collectors.joining(", "))
                + " from a registry, which this machine has no route to, and the lab's sidecar names no stand-in for it";
    }

    /** The command limited to {@code services}, in the file's order. */
    String only(List<String> services) {
        return command.strip() + (asked.isEmpty() ? " " + String.join(" ", services) : "");
    }

    /**
     * The started services that did not stay up a few seconds after {@code up -d} returned (exited or restarting),
     * each with its state and its last log lines; empty when all run.
     */
    List<String> notUp(Terminal t, List<String> started) throws IOException {
        List<String> down = new ArrayList<>();
        LabRun.sleepQuietly(3000); // a process that dies at start does so within a moment; compose's up does not wait for it
        String cwd = t.place().cwd();
        for (String service : started) {
            String ps = t.exec("cd '" + cwd.replace("'", "'\\''") + "' && " + cli + " -f " + file
                    + " ps -q " + service + " | head -1 | xargs -r docker inspect -f '{{.Name}} {{.State.Status}} (exit {{.State.ExitCode}})'")
                    .stdout().strip();
            if (ps.isEmpty() || ps.contains(" running ")) {
                continue;
            }
            String name = ps.substring(1, ps.indexOf(' '));
            String logs = t.exec("docker logs --tail 3 " + name + " 2>&1").stdout().strip();
            down.add(service + ": " + ps.substring(ps.indexOf(' ') + 1) + (logs.isEmpty() ? "" : ", its last log lines: "
                    + logs.replace("\n", " | ")));
        }
        return down;
    }
}

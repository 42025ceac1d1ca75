package io.labcheck.ci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A GitHub Actions workflow as a document writes it: what starts it and its jobs, each with the jobs it needs and its
 * steps (an action it {@code uses}, or a shell script it {@code run}s).
 */
public record Workflow(String name, List<String> events, List<Job> jobs) {
    public Workflow {
        events = List.copyOf(events);
        jobs = List.copyOf(jobs);
    }

    /** One job: {@code needs} names the jobs that must pass before it starts. */
    public record Job(String id, List<String> needs, String runsOn, Map<String, String> env, List<Step> steps) {
        public Job {
            needs = List.copyOf(needs);
            env = Map.copyOf(env);
            steps = List.copyOf(steps);
        }
    }

    /** One step: exactly one of {@code uses} (an action, with its {@code with} inputs) and {@code run} (a script). */
    public record Step(String name, String uses, Map<String, String> with, String run, Map<String, String> env,
                       String workingDirectory) {
        public Step {
            with = Map.copyOf(with);
            env = Map.copyOf(env);
        }

        /** What the service shows for it: its name, else the action, else the script's first line. */
        public String label() {
            if (!name.isEmpty()) {
                return name;
            }
            return !uses.isEmpty() ? "Run " + uses : "Run " + run.strip().lines().findFirst().orElse("");
        }
    }

    private static final YAMLMapper YAML = new YAMLMapper();

    /** Reads a workflow file's text; what a workflow cannot be is a {@link WorkflowException} naming it. */
    public static Workflow read(String path, String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new WorkflowException(path + " is not YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        }
        if (root == null || !root.isObject()) {
            throw new WorkflowException(path + " holds no mapping: a workflow has 'on:' and 'jobs:'");
        }
        JsonNode jobs = root.path("jobs");
        if (!jobs.isObject() || jobs.isEmpty()) {
            throw new WorkflowException(path + " has no jobs: GitHub rejects a workflow without 'jobs:'");
        }
        List<Job> read = new ArrayList<>();
        for (var it = jobs.fields(); it.hasNext(); ) {
            var e = it.next();
            JsonNode j = e.getValue();
            List<Step> steps = new ArrayList<>();
            for (JsonNode s : j.path("steps")) {
                String uses = s.path("uses").asText("");
                String run = s.path("run").asText("");
                if (uses.isEmpty() == run.isEmpty()) {
                    throw new WorkflowException(path + ", job " + e.getKey() + ": a step has " + (uses.isEmpty()
                            ? "neither 'uses' nor 'run'" : "both 'uses' and 'run'") + " (GitHub wants exactly one)");
                }
                steps.add(new Step(s.path("name").asText(""), uses, strings(s.path("with")), run, strings(s.path("env")),
                        s.path("working-directory").asText("")));
            }
            JsonNode needs = j.path("needs");
            List<String> needed = new ArrayList<>();
            if (needs.isTextual()) {
                needed.add(needs.asText());
            } else {
                needs.forEach(n -> needed.add(n.asText()));
            }
            read.add(new Job(e.getKey(), needed, j.path("runs-on").asText(""), strings(j.path("env")), steps));
        }
        return new Workflow(root.path("name").asText(path), events(root.path("on")), read);
    }

    /** The jobs in an order their needs allow: each after every job it needs (the file's order otherwise). */
    public List<Job> order() {
        Map<String, Job> byId = new LinkedHashMap<>();
        jobs.forEach(j -> byId.put(j.id(), j));
        for (Job j : jobs) {
            for (String n : j.needs()) {
                if (!byId.containsKey(n)) {
                    throw new WorkflowException("job " + j.id() + " needs '" + n + "', which is no job of " + name
                            + " (its jobs: " + String.join(", ", byId.keySet()) + ")");
                }
            }
        }
        Set<String> placed = new LinkedHashSet<>();
        List<Job> ordered = new ArrayList<>();
        while (ordered.size() < jobs.size()) {
            Job next = jobs.stream().filter(j -> !placed.contains(j.id()) && placed.containsAll(j.needs())).findFirst()
                    .orElseThrow(() -> new WorkflowException("the jobs of " + name + " need each other in a circle: "
                            + jobs.stream().map(Job::id).filter(id -> !placed.contains(id)).toList()));
            placed.add(next.id());
            ordered.add(next);
        }
        return ordered;
    }

    private static List<String> events(JsonNode on) {
        List<String> events = new ArrayList<>();
        if (on.isTextual()) {
            events.add(on.asText());
        } else if (on.isArray()) {
            on.forEach(e -> events.add(e.asText()));
        } else {
            on.fieldNames().forEachRemaining(events::add);
        }
        return events;
    }

    private static Map<String, String> strings(JsonNode map) {
        Map<String, String> out = new LinkedHashMap<>();
        map.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText()
                : e.getValue().toString()));
        return out;
    }
}

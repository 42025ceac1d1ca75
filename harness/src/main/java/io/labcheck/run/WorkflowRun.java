package io.labcheck.run;

import io.labcheck.ci.Workflow;
import io.labcheck.ci.WorkflowException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A workflow's jobs run as GitHub Actions runs them on a push: in the order their {@code needs} allow, each on a fresh
 * hosted runner (a sandbox on this machine whose ssh connects from {@link #RUNNER_ADDRESS}, not the student's
 * address), each {@code run:} script under {@code bash --noprofile --norc -eo pipefail}, the first step that fails
 * ending its job and skipping the jobs that need it. Secrets are masked in everything it returns, as the service's log
 * masks them. Actions are stood in for where this machine can: {@code actions/checkout} (the lab's fixture
 * repository with the workflow file in it) and {@code actions/setup-python} (this machine's python in a fresh venv,
 * pip pointed at the run's package index); any other action is not runnable here.
 */
final class WorkflowRun {
    /** A hosted runner's address as the cloud's rules see it: another computer's, never the workstation's 127.0.0.1. */
    static final String RUNNER_ADDRESS = "127.0.0.2";

    enum Outcome { PASSED, FAILED, NOT_RUNNABLE, SKIPPED }

    record StepOutcome(String label, Outcome outcome, String command, int exitCode, String output, String why) {}

    /** One job's end: its steps as they ran, and what stood in for the service (each said). */
    record JobOutcome(String id, Outcome outcome, String why, List<StepOutcome> steps, List<String> substitutes) {}

    /**
     * What the run gives the workflow.
     *
     * @param repository the directory a checkout gets (the lab's fixture repository), empty when the lab has none
     * @param indexUrl   the package index pip uses on the runner, empty when the run has none
     */
    record Context(Map<String, String> secrets, Optional<Path> repository, String repositoryName, Optional<String> indexUrl,
                   Duration stepBound) {}

    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{\\{\\s*([^}]*?)\\s*}}");
    /** pip gave up on the package index: the stand-in could not serve a file (its log says why). */
    private static final Pattern INDEX_FAILED = Pattern.compile("Max retries exceeded with url: (/files/\\S+) \\(Caused by"
            + " ResponseError\\('too many (\\d{3}) error responses");

    private final Workflow workflow;
    private final String path;
    private final String text;
    private final Context context;

    WorkflowRun(Workflow workflow, String path, String text, Context context) {
        this.workflow = workflow;
        this.path = path;
        this.text = text;
        this.context = context;
    }

    List<JobOutcome> run() throws IOException {
        return run(List.of());
    }

    /**
     * Runs the workflow again after a fix, as GitHub's "Re-run failed jobs" does: a job of {@code previous} that
     * passed, or could not run here, is kept as it was (said in its substitutes); the others run again.
     */
    List<JobOutcome> rerunFailed(List<JobOutcome> previous) throws IOException {
        return run(previous);
    }

    private List<JobOutcome> run(List<JobOutcome> previous) throws IOException {
        Map<String, JobOutcome> kept = new LinkedHashMap<>();
        previous.stream().filter(o -> o.outcome() == Outcome.PASSED || o.outcome() == Outcome.NOT_RUNNABLE)
                .forEach(o -> kept.put(o.id(), o));
        Map<String, JobOutcome> done = new LinkedHashMap<>();
        for (Workflow.Job job : workflow.order()) {
            if (kept.containsKey(job.id())) {
                JobOutcome o = kept.get(job.id());
                String keptNote = "kept from the run before: GitHub's \"Re-run failed jobs\" runs only the jobs that failed";
                List<String> subs = new ArrayList<>(o.substitutes());
                subs.remove(keptNote);
                subs.add(0, keptNote);
                done.put(job.id(), new JobOutcome(o.id(), o.outcome(), o.why(), List.of(), subs));
                continue;
            }
            List<String> failedNeeds = job.needs().stream().filter(n -> done.get(n).outcome() == Outcome.FAILED
                    || done.get(n).outcome() == Outcome.SKIPPED).toList();
            if (!failedNeeds.isEmpty()) {
                done.put(job.id(), new JobOutcome(job.id(), Outcome.SKIPPED, "it needs " + String.join(", ", failedNeeds)
                        + ", which did not pass (GitHub skips it)", List.of(), List.of()));
                continue;
            }
            List<String> unrun = job.needs().stream().filter(n -> done.get(n).outcome() == Outcome.NOT_RUNNABLE).toList();
            JobOutcome o = job(job);
            if (!unrun.isEmpty()) {
                List<String> subs = new ArrayList<>(o.substitutes());
                subs.add(0, "it needs " + String.join(", ", unrun) + ", which could not run here: GitHub would start it"
                        + " only after that passed; it ran here so that its own steps are judged");
                o = new JobOutcome(o.id(), o.outcome(), o.why(), o.steps(), subs);
            }
            done.put(job.id(), o);
        }
        return List.copyOf(done.values());
    }

    private JobOutcome job(Workflow.Job job) throws IOException {
        List<StepOutcome> steps = new ArrayList<>();
        List<String> substitutes = new ArrayList<>();
        substitutes.add("runs-on " + (job.runsOn().isEmpty() ? "(none given)" : job.runsOn()) + ": GitHub's hosted runner"
                + " is a fresh sandbox on this machine; its ssh connects from " + RUNNER_ADDRESS
                + " (a hosted runner's address is GitHub's, not the student's)");
        try (Workstation runner = new Workstation("labcheck-runner-", RUNNER_ADDRESS)) {
            Path workspace = Files.createDirectories(runner.home().resolve("work").resolve(context.repositoryName())
                    .resolve(context.repositoryName()));
            Path temp = Files.createDirectories(runner.home().resolve("_temp"));
            Map<String, String> env = new LinkedHashMap<>();
            env.put("CI", "true");
            env.put("GITHUB_ACTIONS", "true");
            env.put("GITHUB_EVENT_NAME", "push");
            env.put("GITHUB_REF", "refs/heads/main");
            env.put("GITHUB_REF_NAME", "main");
            env.put("GITHUB_WORKSPACE", workspace.toString());
            env.put("RUNNER_OS", "Linux");
            env.put("RUNNER_TEMP", temp.toString());
            env.put("PIP_CONFIG_FILE", "/dev/null"); // a hosted runner has no pip configuration of this machine's
            List<String> notes = new ArrayList<>();
            job.env().forEach((k, v) -> env.put(k, expand(v, env, notes)));
            for (Workflow.Step step : job.steps()) {
                Map<String, String> stepEnv = new LinkedHashMap<>(env);
                step.env().forEach((k, v) -> stepEnv.put(k, expand(v, stepEnv, notes)));
                StepOutcome o;
                if (!step.uses().isEmpty()) {
                    o = action(step, runner, workspace, env, substitutes);
                } else {
                    String script = expand(step.run(), stepEnv, notes);
                    Path file = temp.resolve("step-" + (steps.size() + 1) + ".sh");
                    Files.writeString(file, script);
                    Path dir = step.workingDirectory().isEmpty() ? workspace : workspace.resolve(step.workingDirectory());
                    Workstation.Result r = runner.run(List.of("bash", "--noprofile", "--norc", "-eo", "pipefail",
                            file.toString()), dir, stepEnv, context.stepBound());
                    String output = mask(r.output());
                    if (r.timedOut()) {
                        o = new StepOutcome(step.label(), Outcome.FAILED, mask(step.run()), -1, output, "still running after "
                                + context.stepBound().toSeconds() + " s, then stopped");
                    } else if (r.exitCode() == 0) {
                        o = new StepOutcome(step.label(), Outcome.PASSED, mask(step.run()), 0, output, "");
                    } else {
                        Matcher offline = NotRunnableHere.OFFLINE.matcher(output);
                        Matcher index = INDEX_FAILED.matcher(output);
                        o = index.find()
                                ? new StepOutcome(step.label(), Outcome.NOT_RUNNABLE, mask(step.run()), r.exitCode(), output,
                                        "labcheck's package index (PyPI's stand-in) answered " + index.group(2) + " for "
                                                + index.group(1) + ": it cannot build that wheel from Debian's packages")
                                : offline.find()
                                ? new StepOutcome(step.label(), Outcome.NOT_RUNNABLE, mask(step.run()), r.exitCode(), output,
                                        "it reaches the internet, which this machine has no route to, where no stand-in"
                                                + " answered (" + offline.group() + ")")
                                : new StepOutcome(step.label(), Outcome.FAILED, mask(step.run()), r.exitCode(), output,
                                        "exit " + r.exitCode() + ": " + LabRun.lastLine(output));
                    }
                }
                steps.add(o);
                if (o.outcome() != Outcome.PASSED) {
                    notes.forEach(n -> substitutes.add(n));
                    return new JobOutcome(job.id(), o.outcome(), "its step '" + o.label() + "': " + o.why(), steps,
                            substitutes);
                }
            }
            substitutes.addAll(notes);
            return new JobOutcome(job.id(), Outcome.PASSED, "", steps, substitutes);
        }
    }

    /** An action the step uses, as it stands in here. */
    private StepOutcome action(Workflow.Step step, Workstation runner, Path workspace, Map<String, String> env,
                               List<String> substitutes) throws IOException {
        String action = step.uses().replaceFirst("@.*$", "");
        switch (action) {
            case "actions/checkout" -> {
                if (context.repository().isEmpty()) {
                    return new StepOutcome(step.label(), Outcome.NOT_RUNNABLE, step.uses(), 0, "", "actions/checkout gets"
                            + " the repository the workflow belongs to, and the lab's sidecar names none (repositories:)");
                }
                Directories.copyTree(context.repository().get(), workspace);
                Path wf = workspace.resolve(path.replaceFirst("^~/", "")).normalize();
                Files.createDirectories(wf.getParent());
                Files.writeString(wf, text);
                Workstation.Result r = runner.run(List.of("bash", "-c", "git init -q -b main && git add -A"
                        + " && git -c user.name=student -c user.email=student@example.com commit -q -m push"), workspace,
                        Map.of(), Duration.ofSeconds(30));
                if (r.exitCode() != 0) {
                    return new StepOutcome(step.label(), Outcome.FAILED, step.uses(), r.exitCode(), r.output(),
                            "the checkout's git repository could not be made: " + LabRun.lastLine(r.output()));
                }
                substitutes.add("actions/checkout: the repository is the lab's fixture " + context.repository().get()
                        + " with " + path + " in it, as the push carried it");
                return new StepOutcome(step.label(), Outcome.PASSED, step.uses(), 0, "checked out into " + workspace, "");
            }
            case "actions/setup-python" -> {
                String asked = step.with().getOrDefault("python-version", "");
                Path venv = runner.home().resolve("hostedtoolcache").resolve("Python").resolve(asked.isEmpty() ? "default"
                        : asked).resolve("x64");
                Workstation.Result r = runner.run(List.of("python3", "-m", "venv", venv.toString()), workspace, Map.of(),
                        Duration.ofSeconds(60));
                if (r.exitCode() != 0) {
                    return new StepOutcome(step.label(), Outcome.NOT_RUNNABLE, step.uses(), r.exitCode(), r.output(),
                            "this machine's python3 cannot make the venv that stands in for the tool cache: "
                                    + LabRun.lastLine(r.output()));
                }
                Workstation.Result v = runner.run(List.of(venv.resolve("bin/python").toString(), "-c",
                        "import sys; print('%d.%d.%d' % sys.version_info[:3])"), workspace, Map.of(), Duration.ofSeconds(30));
                String have = v.output().strip();
                env.put("PATH", venv.resolve("bin") + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
                env.put("pythonLocation", venv.toString());
                context.indexUrl().ifPresent(url -> {
                    env.put("PIP_INDEX_URL", url);
                    env.put("PIP_TRUSTED_HOST", url.replaceFirst("^https?://", "").replaceFirst("[:/].*$", ""));
                });
                boolean same = asked.isEmpty() || have.equals(asked) || have.startsWith(asked + ".");
                substitutes.add("actions/setup-python: python " + have + " (this machine's, in a fresh venv) stands in for"
                        + " the tool cache's " + (asked.isEmpty() ? "default" : asked) + (same ? "" : ", which differs")
                        + "; pip's index is " + context.indexUrl().map(u -> "labcheck's package index (" + u + ")")
                        .orElse("none: this run has no package index"));
                return new StepOutcome(step.label(), Outcome.PASSED, step.uses(), 0, "python " + have, "");
            }
            default -> {
                return new StepOutcome(step.label(), Outcome.NOT_RUNNABLE, step.uses(), 0, "", "the action " + step.uses()
                        + " has no stand-in here (labcheck stands in for actions/checkout and actions/setup-python)");
            }
        }
    }

    /** {@code ${{ secrets.X }}}, {@code ${{ env.X }}} and the push's {@code github.*} values; others are said. */
    private String expand(String value, Map<String, String> env, List<String> notes) {
        Matcher m = EXPRESSION.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String e = m.group(1);
            String v;
            if (e.startsWith("secrets.")) {
                String name = e.substring("secrets.".length());
                v = context.secrets().get(name);
                if (v == null) {
                    v = "";
                    String note = "the secret " + name + " is not set: GitHub gives an empty string";
                    if (!notes.contains(note)) {
                        notes.add(note);
                    }
                }
            } else if (e.startsWith("env.")) {
                v = env.getOrDefault(e.substring(4), "");
            } else if (e.equals("github.ref_name")) {
                v = "main";
            } else if (e.equals("github.ref")) {
                v = "refs/heads/main";
            } else if (e.equals("github.event_name")) {
                v = "push";
            } else {
                v = "";
                notes.add("the expression ${{ " + e + " }} is not evaluated here: it became an empty string");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Every secret's value, and each of its lines, as *** (the service's log does the same). */
    String mask(String s) {
        String out = s;
        for (String secret : context.secrets().values()) {
            if (secret.isBlank()) {
                continue;
            }
            out = out.replace(secret.strip(), "***");
            for (String line : secret.lines().map(String::strip).filter(l -> l.length() >= 4).toList()) {
                out = out.replace(line, "***");
            }
        }
        return out;
    }

    static Workflow read(String path, String text) {
        try {
            return Workflow.read(path, text);
        } catch (WorkflowException e) {
            throw new StepFailure("the workflow " + e.getMessage());
        }
    }
}

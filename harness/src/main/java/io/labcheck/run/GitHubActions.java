package io.labcheck.run;

import io.labcheck.cloud.Cloud;
import io.labcheck.host.ContainerHosts;
import io.labcheck.lab.CloudAction;
import io.labcheck.lab.LabStep;
import io.labcheck.ssh.SshFailure;
import io.labcheck.ssh.SshSession;
import io.labcheck.substitute.FixtureRepositories;
import io.labcheck.substitute.PackageIndex;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CI service a document uses, as the run stands in for it: the repository secrets its settings page sets, and
 * the workflow the document wrote, run on the push that carries it ({@link WorkflowRun}). What a failed workflow
 * shows about the document (a runner shut out by the security group, a port two parts of the document want) becomes
 * a finding in the run's list.
 */
final class GitHubActions {
    /** A login to the server, to look at it (what holds a port). */
    interface Server {
        SshSession session() throws SshFailure;
    }

    private final Workstation workstation;
    private final CloudConsole console;
    private final Bindings bindings;
    private final FixtureRepositories repositories;
    private final Cloud cloud;
    private final RunSettings settings;
    private final List<String> findings;
    private final Server server;
    /** The repository's secrets the document set (name to value), for the workflow it pushes. */
    private final Map<String, String> secrets = new LinkedHashMap<>();
    /** Each workflow step's last run: a repair's re-attempt re-runs only its failed jobs. */
    private final Map<Integer, List<WorkflowRun.JobOutcome>> lastRun = new java.util.HashMap<>();

    GitHubActions(Workstation workstation, CloudConsole console, Bindings bindings, FixtureRepositories repositories,
                  Cloud cloud, RunSettings settings, List<String> findings, Server server) {
        this.workstation = workstation;
        this.console = console;
        this.bindings = bindings;
        this.repositories = repositories;
        this.cloud = cloud;
        this.settings = settings;
        this.findings = findings;
        this.server = server;
    }

    private static final Pattern FILE_CONTENT = Pattern.compile("(?iu)([\\w.-]+\\.(?:pem|key|pub|txt|json))\\s*(?:파일)?\\s*(?:의\\s*)?"
            + "(?:내용|contents?)|(?:contents?|content)\\s+of\\s+(?:the\\s+)?(?:file\\s+)?([\\w.-]+\\.(?:pem|key|pub|txt|json))");

    /**
     * A repository secret the document sets on the CI service's settings page: its value as the document gives it
     * (a placeholder bound to the run's value, or "the content of lab-key.pem": that file, as the workstation has
     * it). Kept for the workflow's run; its value is never shown, only where it came from and its length.
     */
    void setSecret(CloudAction action, Evidence ev) throws IOException {
        String name = action.value("name");
        String given = action.value("value");
        Matcher m = FILE_CONTENT.matcher(given);
        String value;
        String from;
        if (m.find()) {
            String file = m.group(1) != null ? m.group(1) : m.group(2);
            Path found = console.keyFile() != null && console.keyFile().getFileName().toString().equals(file)
                    ? console.keyFile() : findOnWorkstation(file);
            if (found == null) {
                throw new StepFailure("the secret " + name + " is the content of " + file + ", and the workstation has no"
                        + " such file (no step before this one makes or downloads it)");
            }
            value = Files.readString(found);
            from = "the content of " + found;
        } else {
            value = bindings.bind(given, true);
            from = value.equals(given) ? "the value the document gives" : "'" + given + "', bound to the run's value";
        }
        secrets.put(name, value);
        ev.command("GitHub: Settings > Secrets and variables > Actions > New repository secret " + name);
        ev.note("the secret " + name + " holds " + from + " (" + value.length() + " characters; never shown)");
        ev.add("substitute", "GitHub's repository secrets are kept by labcheck for the workflow's run on this machine");
    }

    private Path findOnWorkstation(String fileName) throws IOException {
        try (var walk = Files.walk(workstation.home(), 4)) {
            return walk.filter(p -> p.getFileName().toString().equals(fileName) && Files.isRegularFile(p)).findFirst()
                    .orElse(null);
        }
    }

    /**
     * The workflow the document wrote, run as the CI service runs it on the push that carries it (see
     * {@link WorkflowRun}): each job's steps with their output (secrets masked), what stood in for the service, and
     * the job that failed as the step's failure. A deploy over ssh from the hosted runner that times out where the
     * security group admits port 22 only from elsewhere is the document's: said as a finding.
     */
    void run(LabStep step, Evidence ev) throws IOException {
        String path = step.file().path();
        Path written = workstation.file(path);
        String text = Files.isRegularFile(written) ? Files.readString(written) : bindings.bind(step.file().content(), true);
        io.labcheck.ci.Workflow wf = WorkflowRun.read(path, text);
        if (!wf.events().contains("push")) {
            throw new NotRunnableHere("the workflow " + path + " starts on " + String.join(", ", wf.events())
                    + ", not on a push, and nothing in the document starts it", false);
        }
        var repo = repositories.built().stream().findFirst();
        var context = new WorkflowRun.Context(Map.copyOf(secrets), repo.map(b -> b.repository().from()),
                repo.map(FixtureRepositories.Built::name).orElse("repository"),
                ContainerHosts.packageIndexOf(cloud).map(PackageIndex::indexUrl), settings.command());
        WorkflowRun run = new WorkflowRun(wf, path, text, context);
        ev.command("git push origin main (the push that starts '" + wf.name() + "': on " + String.join(", ", wf.events()) + ")");
        List<WorkflowRun.JobOutcome> jobs;
        try {
            List<WorkflowRun.JobOutcome> before = lastRun.get(step.number());
            if (before != null) {
                ev.note("the run after the repair re-runs the failed jobs, as a student does on GitHub");
            }
            jobs = before == null ? run.run() : run.rerunFailed(before);
            lastRun.put(step.number(), jobs);
        } catch (io.labcheck.ci.WorkflowException e) {
            throw new StepFailure("the workflow " + path + ": " + e.getMessage());
        }
        for (WorkflowRun.JobOutcome job : jobs) {
            job.substitutes().forEach(s -> ev.add("substitute", "job " + job.id() + ": " + s));
            for (WorkflowRun.StepOutcome s : job.steps()) {
                ev.ran("[" + job.id() + "] " + s.label() + ": " + s.command().strip(), s.exitCode(), s.output());
            }
            ev.note("job " + job.id() + ": " + job.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                    + (job.why().isEmpty() ? "" : " (" + job.why() + ")"));
        }
        var failedJob = jobs.stream().filter(j -> j.outcome() == WorkflowRun.Outcome.FAILED).findFirst();
        if (failedJob.isPresent()) {
            WorkflowRun.JobOutcome j = failedJob.get();
            String output = j.steps().isEmpty() ? "" : j.steps().get(j.steps().size() - 1).output();
            if (runnerShutOut(wf, j, output)) {
                // the deploy never reached the server: the student's next steps there stand on nothing it did
                throw new LeavesServerAsItWas("the workflow's job " + j.id() + " failed at " + j.why());
            }
            portTakenOnServer(wf, j, output);
            throw new StepFailure("the workflow's job " + j.id() + " failed at " + j.why());
        }
        var unrun = jobs.stream().filter(j -> j.outcome() == WorkflowRun.Outcome.NOT_RUNNABLE).findFirst();
        if (unrun.isPresent()) {
            String others = jobs.stream().filter(j -> j != unrun.get()).map(j -> j.id() + " "
                    + j.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')).collect(java.util.stream.Collectors.joining(", "));
            throw new NotRunnableHere("the workflow's job " + unrun.get().id() + ": " + unrun.get().why()
                    + (others.isEmpty() ? "" : " (its other jobs: " + others + ")"), false);
        }
    }

    /**
     * ssh's words when the security group drops it: AWS drops the SYN ("connect to host ... timed out"); the gateway
     * that stands in for it here decides per source after the handshake, so a source it does not admit meets silence
     * ("timed out during banner exchange", with ssh's -p port or 22).
     */
    private static final Pattern SSH_TIMED_OUT = Pattern.compile("ssh: connect to host \\S+ port (\\d+): (?:Connection|Operation) timed out"
            + "|Connection timed out during banner exchange");

    /**
     * The hosted runner's ssh timed out on a port the instance's group admits only from other addresses ("My IP"):
     * the document's, since a hosted runner never has the student's address.
     */
    private boolean runnerShutOut(io.labcheck.ci.Workflow wf, WorkflowRun.JobOutcome job, String output) {
        Matcher m = SSH_TIMED_OUT.matcher(output);
        if (!m.find()) {
            return false;
        }
        int port = m.group(1) != null ? Integer.parseInt(m.group(1)) : 22;
        List<String> sources = console.sourcesAdmitted(port);
        java.net.InetAddress runner;
        try {
            runner = java.net.InetAddress.getByName(WorkflowRun.RUNNER_ADDRESS);
        } catch (java.net.UnknownHostException e) {
            return false;
        }
        boolean admitted = sources.stream().anyMatch(c -> io.labcheck.cloud.embedded.Cidr.parse(c)
                .map(x -> x.contains(runner)).orElse(false));
        if (admitted) {
            return false;
        }
        findings.add("the workflow '" + wf.name() + "' (job " + job.id() + ") deploys with ssh from a GitHub-hosted runner,"
                + " and the security group admits port " + port + " only from " + (sources.isEmpty() ? "nowhere"
                : String.join(", ", sources)) + (sources.contains("127.0.0.1/32") ? " (127.0.0.1/32 is \"My IP\", the workstation's own address)" : "")
                + ": a hosted runner's address is GitHub's, so the connection timed out ('" + m.group() + "'). The"
                + " document should admit the runners' addresses to port " + port + ", or deploy another way (a"
                + " self-hosted runner, AWS Systems Manager)");
        return true;
    }

    private static final Pattern PUBLISH_FAILED = Pattern.compile("listen tcp[46]? [0-9.:\\[\\]]*:(\\d+): bind: address already in"
            + " use|Bind for [0-9.:\\[\\]]+:(\\d+) failed: port is already allocated");
    private static final Pattern SS_PROGRAM = Pattern.compile("users:\\(\\(\"([^\"]+)\"");

    /**
     * The workflow's deploy could not publish a container's port because something already holds it on the server:
     * what holds it, as {@code ss -ltnp} and {@code docker ps} say, becomes a finding (two parts of the document
     * want the same port).
     */
    private void portTakenOnServer(io.labcheck.ci.Workflow wf, WorkflowRun.JobOutcome job, String output) {
        Matcher m = PUBLISH_FAILED.matcher(output);
        if (!m.find()) {
            return;
        }
        String port = m.group(1) != null ? m.group(1) : m.group(2);
        String holder;
        try {
            var session = server.session();
            String ss = session.exec("sudo -n ss -Hltnp 'sport = :" + port + "'", Duration.ofSeconds(15)).stdout();
            Matcher p = SS_PROGRAM.matcher(ss);
            holder = p.find() ? p.group(1) : "";
            if (holder.isEmpty() || holder.equals("docker-proxy")) {
                String names = session.exec("docker ps --filter publish=" + port + " --format '{{.Names}}' 2>/dev/null"
                        + " || sudo -n docker ps --filter publish=" + port + " --format '{{.Names}}'", Duration.ofSeconds(15))
                        .stdout().strip().replace('\n', ' ');
                holder = names.isEmpty() ? holder : "the container " + names;
            }
        } catch (IOException | SshFailure e) {
            holder = "";
        }
        findings.add("the workflow '" + wf.name() + "' (job " + job.id() + ") starts a container that publishes port " + port
                + ", which " + (holder.isEmpty() ? "something" : holder) + " already holds on the server: two parts of"
                + " the document want port " + port + " ('" + m.group() + "')");
    }

    /** A step that failed without changing the server: the steps after it are judged on their own. */
    static final class LeavesServerAsItWas extends StepFailure {
        LeavesServerAsItWas(String message) {
            super(message);
        }
    }
}

package io.labcheck.run;

import io.labcheck.cloud.Cloud;
import io.labcheck.cloud.ProviderProfile;
import io.labcheck.host.ContainerHosts;
import io.labcheck.lab.Check;
import io.labcheck.lab.CloudAction;
import io.labcheck.lab.Command;
import io.labcheck.lab.FileLanguages;
import io.labcheck.lab.KnownDefect;
import io.labcheck.lab.LabPlan;
import io.labcheck.lab.LabStep;
import io.labcheck.lab.ShellWords;
import io.labcheck.lab.Sidecar;
import io.labcheck.lab.SshTarget;
import io.labcheck.lab.StepKind;
import io.labcheck.lab.Where;
import io.labcheck.ssh.ExecResult;
import io.labcheck.ssh.SshConnector;
import io.labcheck.ssh.SshFailure;
import io.labcheck.substitute.FixtureRepositories;
import io.labcheck.substitute.PackageIndex;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a lab's plan step by step where the student would: console steps through the cloud's EC2 API, the
 * workstation's commands in a sandboxed home with the real {@code ssh} and {@code curl}, the server's in the
 * student's terminals over SSH, the browser's as HTTP from outside. Each step is checked against what the
 * document says should come out, the author's annotations and what the step implies, and leaves its evidence.
 *
 * <pre>
 * try (LabRun run = new LabRun(LabPlan.read(doc), cloud, RunSettings.defaults())) {
 *     for (LabStep step : run.plan().steps()) {
 *         StepResult r = run.execute(step);
 *     }
 *     run.app();   // what the lab left running
 * }
 * </pre>
 */
public final class LabRun implements AutoCloseable {
    private static final Pattern HOST_OPTION = Pattern.compile("(?:--host|--bind|-b|-H)[ =](\\S+)");
    private static final Pattern SYSTEMCTL = Pattern.compile("systemctl\\s+(?:--now\\s+)?(enable|start|restart)\\s+(?:--now\\s+)?([\\w@.-]+)");

    private final LabPlan plan;
    private final Cloud cloud;
    private final RunSettings settings;
    private final Workstation workstation;
    private final CloudConsole console;
    private final Bindings bindings = new Bindings();
    private final SshConnector ssh = new SshConnector();
    private final HttpClient http;
    private final List<Terminal> terminals = new ArrayList<>();
    private final List<String> findings = new ArrayList<>();
    /** What a repair says the student types at the step's prompts on its next run, in place of the document's answers. */
    private List<String> answersInstead = List.of();
    private final Map<String, LabStep> findingSteps = new java.util.HashMap<>();
    private final GitHubActions actions;
    private final FixtureRepositories repositories;
    private final int sidecarOption;
    private final List<KnownDefect> knownDefects;
    private final List<Sidecar.StepCheck> stepChecks;
    private final List<Sidecar.ProblemSymptom> symptoms;
    private final ProviderProfile profile;
    private final Set<KnownDefect> seenDefects = new java.util.HashSet<>();
    private boolean repositoriesInstalled;
    private final List<Sidecar.Image> images;
    private boolean imagesLoaded;
    private boolean documentRestrictedKey;
    private Terminal terminal;
    private io.labcheck.ssh.SshSession checks;
    private String loginUser = "ubuntu";
    private RunningApp app;
    private Deferred deferred;
    private LabStep failed;
    /** The steps that could not run here and that later steps may stand on, each with why. */
    private final Map<LabStep, String> notRunnable = new LinkedHashMap<>();
    private LabStep current;
    private String loginSection = "";
    private String appSection = "";
    private String publicIpSeen;

    /** A page the browser could not open yet, because a later step opens the port. */
    private record Deferred(LabStep step, String url, String expected, int opensAt) {}

    public LabRun(LabPlan plan, Cloud cloud, RunSettings settings) throws IOException {
        this(plan, Sidecar.NONE, cloud, settings);
    }

    /** A run of {@code plan} with what its {@code sidecar} says the document assumes (fixture repositories). */
    public LabRun(LabPlan plan, Sidecar sidecar, Cloud cloud, RunSettings settings) throws IOException {
        this.plan = plan;
        this.cloud = cloud;
        this.settings = settings;
        this.sidecarOption = sidecar.option();
        this.knownDefects = sidecar.knownDefects();
        this.stepChecks = sidecar.checks();
        this.symptoms = sidecar.symptoms();
        this.repositories = FixtureRepositories.build(sidecar);
        this.images = sidecar.images();
        try {
            this.workstation = new Workstation();
        } catch (IOException | RuntimeException e) {
            repositories.close(); // the built repositories' temp dir goes with a run that never started
            throw e;
        }
        this.profile = sidecar.provider().isEmpty() ? recognise(plan) : ProviderProfile.named(sidecar.provider());
        this.console = new CloudConsole(cloud, workstation, settings, profile, LabDomain.of(plan));
        this.actions = new GitHubActions(workstation, console, bindings, repositories, cloud, settings, findings,
                this::checkSession);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(settings.http()).build();
    }

    public LabPlan plan() {
        return plan;
    }

    /** How the sidecar says problems of the troubleshooting show, where the document's own commands do not. */
    public List<Sidecar.ProblemSymptom> symptoms() {
        return symptoms;
    }

    /** Whose console the lab's cloud steps replay. */
    public ProviderProfile provider() {
        return profile;
    }

    /** The provider a plan's document uses: the console it opens, else the provider its steps and troubleshooting name. */
    static ProviderProfile recognise(LabPlan plan) {
        List<String> urls = plan.steps().stream().map(LabStep::url).filter(u -> !u.isEmpty()).toList();
        StringBuilder text = new StringBuilder(plan.title());
        plan.steps().forEach(s -> text.append('\n').append(s.section()).append('\n').append(s.name()));
        plan.troubleshooting().forEach(t -> text.append('\n').append(t));
        return ProviderProfile.recognise(urls, text.toString());
    }

    /**
     * Runs one step; a step after one that failed is skipped, naming it. Never throws for what the step did. A
     * failure the sidecar declares a known defect of the document is {@link StepResult.Status#KNOWN_DEFECT}: with
     * its repair made, the step runs again and must then pass, so the rest of the lab is judged on its own.
     */
    public StepResult execute(LabStep step) {
        int before = findings.size();
        StepResult result = tried(step);
        for (String f : findings.subList(before, findings.size())) {
            findingSteps.putIfAbsent(f, step);
        }
        return result;
    }

    private StepResult tried(LabStep step) {
        int findingsBefore = findings.size();
        StepResult result = attempt(step);
        List<String> defects = new ArrayList<>();
        List<Evidence.Entry> evidence = new ArrayList<>();
        while (result.status() == StepResult.Status.FAILED) {
            String failure = result.reason() + "\n" + String.join("\n", findings.subList(findingsBefore, findings.size()));
            Optional<KnownDefect> known = knownDefects.stream()
                    .filter(d -> !seenDefects.contains(d) && d.at(step) && d.matches(failure)).findFirst();
            if (known.isEmpty()) {
                break;
            }
            KnownDefect d = known.get();
            seenDefects.add(d);
            evidence.addAll(result.evidence());
            defects.add(result.reason() + (d.why().isEmpty() ? "" : " (" + d.why() + ")"));
            if (!d.repairs()) {
                evidence.add(new Evidence.Entry("known defect", "declared in the sidecar: '" + d.finding() + "'; no repair"
                        + " declared, so the steps that stand on this one are skipped"));
                return new StepResult(StepResult.Status.KNOWN_DEFECT, "a known defect of the document (its sidecar"
                        + " declares it): " + String.join("; then ", defects), evidence);
            }
            Evidence repair = new Evidence();
            try {
                repair(d, repair);
            } catch (IOException | SshFailure | RuntimeException e) {
                evidence.addAll(repair.entries());
                return new StepResult(StepResult.Status.FAILED, "the sidecar's repair of the known defect '" + d.finding()
                        + "' failed: " + e.getMessage(), evidence);
            }
            evidence.addAll(repair.entries());
            if (failed == step) {
                failed = null; // mended: the step runs again, and what stands on it with it
            }
            findingsBefore = findings.size();
            try {
                result = attempt(step);
            } finally {
                answersInstead = List.of(); // for the step's run after the repair only
            }
        }
        if (defects.isEmpty()) {
            return result;
        }
        evidence.addAll(result.evidence());
        String known = "a known defect of the document (its sidecar declares it): " + String.join("; then ", defects);
        if (result.status() != StepResult.Status.PASSED) {
            return new StepResult(result.status(), result.reason() + " (after the sidecar's repair of " + known + ")", evidence);
        }
        return new StepResult(StepResult.Status.KNOWN_DEFECT, known + "; mended as a student would, and the step then passed",
                evidence);
    }

    /** Makes a known defect's repair: the port it admits, its commands on the server, the answers of the step's next run. */
    private void repair(KnownDefect d, Evidence ev) throws IOException, SshFailure {
        ev.note("repairing the known defect as the sidecar says: " + d.repairText());
        if (d.openPort() > 0) {
            console.replay(new CloudAction("AuthorizeSecurityGroupIngress", Map.of("port", String.valueOf(d.openPort()),
                    "source", "0.0.0.0/0")), ev, defaultKeyName(), new CloudConsole.Server(loginUser, !terminals.isEmpty()));
        }
        if (!d.serverRepair().isBlank()) {
            // a fresh login, as the student's shell is: groups added since the first login (docker) apply to it
            try (var session = freshLogin()) {
                ExecResult r = session.exec(d.serverRepair(), settings.command());
                ev.ran(d.serverRepair().strip(), r.exitCode(), r.stdout() + r.stderr());
                if (r.exitCode() != 0) {
                    throw new StepFailure("'" + d.serverRepair().strip() + "' exited " + r.exitCode() + ": " + lastLine(r.stderr()));
                }
            }
        }
        answersInstead = d.answers(); // typed when the step runs again, after what else the repair did
    }

    /** The sidecar's known defects no step of the run showed: each a declaration the document may have outgrown. */
    public List<KnownDefect> unseenDefects() {
        return knownDefects.stream().filter(d -> !seenDefects.contains(d)).toList();
    }

    private StepResult attempt(LabStep step) {
        Evidence ev = new Evidence();
        ev.add("section", step.section() + " (line " + step.at().line() + ")");
        ev.add("runs on", step.where().id());
        if (step.skip()) {
            return new StepResult(StepResult.Status.SKIPPED, "the document's annotation says skip", ev.entries());
        }
        if (step.alternativeOf().isPresent()) {
            var a = step.alternativeOf().get();
            int chosen = a.chosen(sidecarOption);
            if (chosen > a.ways()) {
                if (a.index() == 1) {
                    failed = step;
                    return new StepResult(StepResult.Status.FAILED, "the lab's sidecar says option: "
                            + sidecarOption + ", and the document offers " + a.ways() + " ways here (line " + a.group()
                            + "): give 1 to " + a.ways(), ev.entries());
                }
                return new StepResult(StepResult.Status.SKIPPED, "an alternative at line " + a.group()
                        + "; the sidecar's option names none of them", ev.entries());
            }
            String why = sidecarOption > 0 ? "as the lab's sidecar says (option: " + sidecarOption + ")"
                    : a.recommended() > 0 ? "the one the document recommends (a sidecar's option: N picks another)"
                    : "the first (a sidecar's option: N picks another)";
            if (a.index() != chosen) {
                return new StepResult(StepResult.Status.SKIPPED, "another way to do what the run does with the"
                        + " document's alternative " + chosen + " (line " + a.group() + "), " + why
                        + ": a student takes one", ev.entries());
            }
            ev.note("the document offers " + a.ways() + " ways here (line " + a.group() + "); this run takes " + a + ", " + why);
        }
        if (forWindows(step)) {
            return new StepResult(StepResult.Status.SKIPPED, "a Windows computer's command (it names a Windows path):"
                    + " this run's workstation is Linux, where the document's commands for macOS/Linux run instead",
                    ev.entries());
        }
        if (failed != null) {
            return new StepResult(StepResult.Status.SKIPPED, "stands on step " + failed.number() + " ("
                    + failed.name() + "), which did not pass", ev.entries());
        }
        current = step;
        try {
            switch (step.kind()) {
                case CLOUD_ACTION -> cloudStep(step, ev);
                case BROWSE -> browse(step, ev);
                case WRITE_FILE -> writeFile(step, ev);
                case WORKFLOW -> actions.run(step, ev);
                case RUN -> {
                    if (step.where() == Where.SERVER) {
                        serverCommands(step, ev);
                    } else {
                        workstationCommands(step, ev);
                    }
                }
            }
            authorChecks(step, ev);
            sidecarChecks(step, ev);
            return new StepResult(StepResult.Status.PASSED, "", ev.entries());
        } catch (StepFailure e) {
            Optional<LabStep> standsOn = notRunnable.keySet().stream()
                    .filter(u -> StandsOn.related(u, step, e.getMessage())).findFirst();
            boolean standsOnUnrun = standsOn.isPresent();
            if (e instanceof GitHubActions.LeavesServerAsItWas && !standsOnUnrun) {
                return new StepResult(StepResult.Status.FAILED, e.getMessage() + " (it never reached the server: the"
                        + " run goes on, and the steps after it get their own verdicts)", ev.entries());
            }
            if (onlyLooks(step) && !standsOnUnrun) {
                return new StepResult(StepResult.Status.FAILED, e.getMessage() + " (the step only looks:"
                        + " the run goes on, and the steps after it get their own verdicts)", ev.entries());
            }
            if (standsOnUnrun) {
                // what failed may only stand on what could not run here: say so instead of blaming the document. The
                // steps after it run on, as they do after the step that could not run: each gets its own verdict.
                return new StepResult(StepResult.Status.SKIPPED, "stands on step " + standsOn.get().number()
                        + ", not runnable here (" + notRunnable.get(standsOn.get()) + "); without it: " + e.getMessage(),
                        ev.entries());
            }
            failed = step;
            return new StepResult(StepResult.Status.FAILED, e.getMessage(), ev.entries());
        } catch (NotRunnableHere e) {
            if (e.laterStepsStandOnIt()) {
                notRunnable.put(step, e.getMessage());
            }
            return new StepResult(StepResult.Status.NOT_RUNNABLE, "not runnable here: " + e.getMessage(), ev.entries());
        } catch (IOException | SshFailure | RuntimeException e) {
            failed = step;
            return new StepResult(StepResult.Status.FAILED, e.getClass().getSimpleName() + ": " + e.getMessage(),
                    ev.entries());
        }
    }

    // --- cloud ---------------------------------------------------------------------------------------------

    private void cloudStep(LabStep step, Evidence ev) throws IOException {
        CloudAction action = step.cloud();
        if (action.action().equals("SetRepositorySecret")) {
            actions.setSecret(action, ev);
            return;
        }
        console.replay(action, ev, defaultKeyName(), new CloudConsole.Server(loginUser, !terminals.isEmpty()));
        if (console.publicIp() != null) {
            bindings.publicIp(console.publicIp());
            publicIpSeen = console.publicIp();
        }
        if (console.keyFile() != null) {
            bindings.keyFile(console.keyFile().getFileName().toString());
        }
        if (action.action().equals("AuthorizeSecurityGroupIngress") && deferred != null && deferred.opensAt() == step.number()) {
            Deferred d = deferred;
            deferred = null;
            ev.note("the browser of step " + d.step().number() + " tries again now");
            HttpResponse<String> page = get(d.url(), ev);
            expect(d.expected(), page.body(), ev, "the page at " + d.url());
        }
    }

    /** The key pair's name where the console must make one: the key file the document's ssh uses, else "lab-key". */
    private String defaultKeyName() {
        for (LabStep s : plan.steps()) {
            for (Command c : s.commands()) {
                List<String> program = ShellWords.program(c.text());
                if (!program.isEmpty() && program.get(0).equals("ssh")) {
                    SshTarget t = SshTarget.of(program);
                    if (t != null && t.key().endsWith(".pem") && !t.key().contains("<")) {
                        return Path.of(t.key()).getFileName().toString().replaceFirst("\\.pem$", "");
                    }
                }
            }
        }
        return "lab-key";
    }

    private void ensureLaunched(Evidence ev) throws IOException {
        if (!console.launched()) {
            ev.note("the document uses a server it never launched: labcheck launched one with the console's defaults");
            console.launch(ev, defaultKeyName());
            bindings.publicIp(console.publicIp());
            publicIpSeen = console.publicIp();
            bindings.keyFile(console.keyFile().getFileName().toString());
        }
    }

    private static final Pattern WINDOWS_PATH = Pattern.compile("(?<![A-Za-z0-9])[A-Za-z]:\\\\[A-Za-z]");

    /** A workstation step every command of which names a Windows path ({@code ssh -i C:\\Users\\...}). */
    static boolean forWindows(LabStep step) {
        return step.kind() == StepKind.RUN && step.where() == Where.WORKSTATION && !step.commands().isEmpty()
                && step.commands().stream().allMatch(c -> WINDOWS_PATH.matcher(c.text()).find());
    }

    // --- workstation -----------------------------------------------------------------------------------------

    private void workstationCommands(LabStep step, Evidence ev) throws IOException, SshFailure {
        for (Command c : step.commands()) {
            String text = bindings.bind(script(c), true);
            List<String> program = program(c);
            String first = program.isEmpty() ? "" : program.get(0);
            if (first.equals("exit") || first.equals("logout")) {
                continue;
            }
            for (String word : program) {
                if (console.keyFile() != null && word.endsWith("/" + console.keyFile().getFileName())) {
                    console.keySavedAt(workstation.file(word), ev);
                }
            }
            if (first.equals("ssh") || first.equals("curl") || first.equals("scp") || text.contains(String.valueOf(bindings.publicIp()))) {
                ensureLaunched(ev);
                text = bindings.bind(script(c), true);
            }
            if (first.equals("ssh")) {
                SshTarget target = SshTarget.of(program);
                if (target != null && target.remoteCommand().isEmpty() && c.heredoc().isEmpty()) {
                    login(text, target, ev);
                    continue;
                }
                protectKey(ev);
            }
            if (editedByHand(c, program, text, ev)) {
                continue;
            }
            boolean request = first.equals("curl") || first.equals("wget") || first.equals("http");
            if (request) {
                domainFromOutside(ev);
            }
            cloud.settle(); // what the student reaches from outside is the instance as it is now
            Workstation.Result r = workstation.run(text, request ? REQUEST_BOUND : settings.command());
            ev.ran(text, r.exitCode(), r.output());
            if (r.timedOut() && request) {
                portNeverOpened(text);
                throw new StepFailure("'" + text + "' had no answer within " + REQUEST_BOUND.toSeconds() + " s: the"
                        + " connection hangs, as at a firewall that drops it (the student's " + first + " gives up after"
                        + " about 2 minutes; curl then exits 28)");
            }
            if (r.timedOut()) {
                throw new StepFailure("'" + text + "' was still running after " + settings.command().toSeconds()
                        + " s on the workstation");
            }
            if (r.exitCode() != 0) {
                needsTheInternet(text, r.output());
                throw new StepFailure("'" + text + "' exited " + r.exitCode() + " on the workstation: " + lastLine(r.output()));
            }
            expect(c.output(), r.output(), ev, "'" + text + "'");
            impliedOnWorkstation(program, ev);
        }
        expect(blockOutput(step), lastOutput(ev), ev, "the step");
    }

    /** {@code ssh -i key user@host}: the real OpenSSH logs in, then a terminal opens on the server. */
    private void login(String text, SshTarget target, Evidence ev) throws IOException, SshFailure {
        protectKey(ev);
        String probe = text + " 'echo \"logged in as $(whoami) on $(hostname)\"'";
        cloud.settle();
        Workstation.Result r = workstation.run(probe, Duration.ofSeconds(30));
        ev.ran(probe, r.exitCode(), r.output());
        if (r.exitCode() != 0) {
            throw new StepFailure("ssh could not log in (exit " + r.exitCode() + "): " + lastLine(r.output()));
        }
        loginUser = target.user().isEmpty() ? "ubuntu" : target.user();
        Path key = target.key().isEmpty() ? console.keyFile() : workstation.file(target.key());
        openTerminal(key, ev);
    }

    private void openTerminal(Path key, Evidence ev) throws IOException, SshFailure {
        var session = ssh.connect(new io.labcheck.ssh.SshTarget(console.publicIp(), 22, loginUser, key), Duration.ofSeconds(15));
        terminal = new Terminal(session, terminals.size() + 1, settings, ContainerHosts.packageIndexOf(cloud).orElse(null));
        terminals.add(terminal);
        loginSection = section(current);
        ev.note("terminal " + terminal.number() + " open on the server as " + loginUser);
        if (!repositoriesInstalled && !repositories.isEmpty()) {
            repositoriesInstalled = true;
            for (String said : repositories.install(checkSession())) {
                ev.note("ready on the server: " + said);
            }
        }
    }

    /**
     * OpenSSH refuses a key others can read. A console download is 0644; a document that never restricts it
     * leaves the student refused: labcheck applies what the console's own connect page says (chmod 400) and
     * reports the omission as a finding about the document.
     */
    private void protectKey(Evidence ev) throws IOException {
        Path key = console.keyFile();
        if (key == null || !Files.exists(key)) {
            return;
        }
        boolean open = io.labcheck.ssh.KeyFileMode.tooOpen(key);
        // the Elastic IP's proof may have restricted it already: still the document's omission unless it chmods it
        boolean restrictedForIt = console.keyRestrictedByTheRun() && !documentRestrictedKey;
        if (open || restrictedForIt) {
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("r--------"));
            documentRestrictedKey = true; // said once
            ev.note("default: chmod 400 " + key.getFileName() + " (the document never restricts the key; ssh refuses a"
                    + " key others can read)");
            findings.add("the document uses " + key.getFileName() + " with ssh but never restricts it (chmod 400): a"
                    + " downloaded key is readable by others and ssh refuses it (UNPROTECTED PRIVATE KEY FILE)");
        }
    }

    private void impliedOnWorkstation(List<String> program, Evidence ev) throws IOException {
        if (program.size() >= 3 && program.get(0).equals("chmod") && program.get(1).matches("[0-7]{3,4}")) {
            Path file = workstation.file(program.get(2));
            if (console.keyFile() != null && file.equals(console.keyFile())) {
                documentRestrictedKey = true;
            }
            if (Files.exists(file)) {
                String mode = octal(Files.getPosixFilePermissions(file));
                if (!mode.endsWith(program.get(1).substring(program.get(1).length() - 3))) {
                    throw new StepFailure(program.get(2) + " is " + mode + " after chmod " + program.get(1));
                }
                ev.add("check", program.get(2) + " is " + mode);
            }
        }
    }

    // --- server --------------------------------------------------------------------------------------------

    private Terminal terminal(Evidence ev) throws IOException, SshFailure {
        if (terminal == null) {
            ensureLaunched(ev);
            protectKey(ev);
            ev.note("the document logs in without an ssh command (a console's browser terminal, or in prose): labcheck"
                    + " opened a terminal as " + loginUser);
            openTerminal(console.keyFile(), ev);
        }
        return terminal;
    }

    /**
     * What the document's answers to a command's prompts met, where they do not fit its questions: an answer not taken
     * (it asked again), a question the document gives no answer for, an answer no question read (the program asks less
     * than the document answers: a question of another version). One finding, the terminal's questions in order.
     */
    private void answersFindings(String command, List<Terminal.Answer> answered) {
        if (answered.stream().allMatch(a -> a.what().equals("answered"))) {
            return;
        }
        List<String> said = new ArrayList<>();
        for (Terminal.Answer a : answered) {
            switch (a.what()) {
                case "answered" -> said.add("'" + a.asked() + "' " + a.answer());
                case "again" -> said.set(said.size() - 1, said.get(said.size() - 1) + " (not taken: it asks again)");
                case "end of input" -> said.add("'" + a.asked() + "' (the document gives no answer for it)");
                default -> said.add("the document's '" + a.answer() + "' is never asked for");
            }
        }
        findings.add("at a terminal, '" + command + "' asks what the document's answers do not fit: "
                + String.join("; ", said));
    }

    /**
     * The workstation reaches the lab's domain as the public DNS answers it, and trusts the certificates the ACME
     * stand-in issued as browsers trust Let's Encrypt's: its curl is given both (its {@code ~/.curlrc}), declared.
     */
    private void domainFromOutside(Evidence ev) throws IOException {
        Map<String, String> records = console.records();
        if (records.isEmpty()) {
            return;
        }
        String root = ContainerHosts.internetOf(cloud).map(i -> i.acme().rootPem()).orElse("");
        workstation.reachDomain(records, root);
        ev.add("substitute", "the workstation's curl resolves " + String.join(", ", records.keySet()) + " as the run's"
                + " public DNS answers (" + records.values().stream().distinct().collect(java.util.stream.Collectors.joining(", "))
                + ")" + (root.isEmpty() ? "" : " and trusts the ACME stand-in's root, as browsers trust Let's Encrypt's")
                + " (its ~/.curlrc)");
    }

    /** certbot asks an ACME authority: Let's Encrypt is out of reach, so the run's stand-in answers it, declared. */
    private void acmeReady(String command, Evidence ev) {
        ContainerHosts hosts = ContainerHosts.of(cloud).orElseThrow(() -> new NotRunnableHere("'" + command + "' asks"
                + " Let's Encrypt, which this machine has no route to; its stand-in (Pebble) runs only beside container"
                + " instances"));
        try {
            ContainerHosts.Internet internet = hosts.internet();
            cloud.settle(); // its challenge comes from outside: the instance as it is now
            ev.add("substitute", "certbot's ACME server is Pebble at " + internet.acme().directoryUrl() + ", labcheck's"
                    + " stand-in for Let's Encrypt (root's ~/.config/letsencrypt/cli.ini); it validates through the run's"
                    + " public DNS and the instance's public address");
        } catch (io.labcheck.substitute.SubstituteException e) {
            throw new NotRunnableHere("'" + command + "' asks Let's Encrypt, which this machine has no route to, and its"
                    + " stand-in cannot start: " + e.getMessage());
        }
    }

    private void imagesReady(Evidence ev) {
        if (imagesLoaded || images.isEmpty() || console.instanceId() == null) {
            return;
        }
        var hosts = ContainerHosts.of(cloud);
        if (hosts.isEmpty()) {
            return; // a real instance reaches its registry itself
        }
        var engine = hosts.get().execAsRoot(console.instanceId(), Duration.ofSeconds(30), "docker", "info");
        if (engine.exitCode() != 0) {
            return; // no engine yet: the student's docker command says so itself
        }
        imagesLoaded = true;
        // an image a compose file of the document pulls is loaded when that file is brought up (ComposeUp)
        Set<String> pulledByCompose = ComposeUp.pulledByComposeFiles(plan);
        for (Sidecar.Image image : images) {
            if (!pulledByCompose.contains(image.name())) {
                loadStandIn(image, ev);
            }
        }
    }

    /** Builds the stand-in for {@code image} here and loads it into the instance's engine under its name. */
    private void loadStandIn(Sidecar.Image image, Evidence ev) {
        var hosts = ContainerHosts.of(cloud).orElseThrow();
        try {
            String local = hosts.buildStandIn(image.from(), image.name(), Duration.ofMinutes(10));
            hosts.loadImage(console.instanceId(), local, Duration.ofMinutes(5));
            hosts.tagInInstance(console.instanceId(), local, image.name());
        } catch (io.labcheck.host.HostException e) {
            throw new NotRunnableHere("the stand-in for the image " + image.name() + " (" + image.from()
                    + ") could not be made ready: " + e.getMessage());
        }
        ev.add("substitute", "the image " + image.name() + " is labcheck's stand-in, built here from " + image.from()
                + " and loaded into the instance's Docker engine (no registry can be reached)");
    }

    /**
     * The services of a compose up that cannot start here: their image is not on the instance, no registry can be
     * reached, and the sidecar declares no stand-in for it (a stand-in it declares is loaded now). Empty on a cloud
     * whose instances reach their registry.
     */
    private List<String> cannotStart(ComposeUp up, Terminal t, Evidence ev) throws IOException {
        List<String> cannot = new ArrayList<>();
        if (ContainerHosts.of(cloud).isEmpty()) {
            return cannot;
        }
        for (String service : up.services()) {
            String image = up.image(service);
            if (image.isEmpty() || t.exec("docker image inspect " + image + " > /dev/null 2>&1").exitCode() == 0) {
                continue;
            }
            Optional<Sidecar.Image> standIn = images.stream().filter(i -> i.name().equals(image)
                    || (i.name() + ":latest").equals(image) || i.name().equals(image + ":latest")).findFirst();
            if (standIn.isPresent()) {
                loadStandIn(standIn.get(), ev);
            } else {
                cannot.add(service);
            }
        }
        return cannot;
    }

    private void serverCommands(LabStep step, Evidence ev) throws IOException, SshFailure {
        for (Command c : step.commands()) {
            String text = bindings.bind(script(c), false);
            List<String> program = program(c);
            String first = program.isEmpty() ? "" : program.get(0);
            if (first.equals("exit") || first.equals("logout")) {
                if (terminal != null) {
                    terminal.close();
                    ev.command(text).note("terminal " + terminal.number() + " closed: what it started without nohup ends");
                    terminal = null;
                }
                continue;
            }
            if (editedByHand(c, program, text, ev)) {
                continue;
            }
            if (first.equals("docker") || first.equals("docker-compose")) {
                imagesReady(ev);
            }
            if (c.simpleCommands().stream().anyMatch(sc -> ShellWords.program(sc).stream().findFirst().orElse("")
                    .equals("certbot"))) { // certbot itself, not its install
                acmeReady(text, ev);
            }
            Terminal back = holderOf(program);
            if (back != null && back != terminal) {
                ev.note("terminal " + back.number() + " still runs '" + back.held().get().command() + "' in the foreground:"
                        + " to start it again the student goes back there and presses Ctrl+C (elsewhere its port is taken)");
                terminal = back;
            }
            Terminal t = terminal(ev);
            t.interrupt(); // Ctrl+C on what holds the terminal comes before the next command: its port is free again
            Set<String> before = listening(t);
            String typed = text;
            if (outsideTheVenvShown(step, c) && c.heredoc().isEmpty() && !text.strip().endsWith("&")
                    && !t.place().venv().isEmpty()) {
                // the prompt is the state the document shows: this command without "(venv)", beside one with it
                typed = "( PATH=$(printf %s \"$PATH\" | tr : '\\n' | grep -vxF \"$VIRTUAL_ENV/bin\" | paste -sd:);"
                        + " unset VIRTUAL_ENV; hash -r; " + text + " )";
                ev.note("the document shows '" + c.prompt().strip() + " " + c.text() + "' outside the venv, beside the same"
                        + " block's commands inside it: run with the venv deactivated for it, as its prompt shows");
            }
            if (!c.answers().isEmpty()) {
                ev.note("the document's answers to its prompts: " + String.join(", ", c.answers()));
            }
            Optional<ComposeUp> compose = c.heredoc().isEmpty() ? ComposeUp.of(plan, text) : Optional.empty();
            List<String> cannotStart = compose.isPresent() ? cannotStart(compose.get(), t, ev) : List.of();
            List<String> starting = compose.map(up -> up.services().stream().filter(x -> !cannotStart.contains(x)).toList())
                    .orElse(List.of());
            if (!cannotStart.isEmpty()) {
                if (starting.isEmpty()) {
                    ev.command(text);
                    throw new NotRunnableHere("'" + text + "' " + compose.get().unpullable(cannotStart), false);
                }
                typed = compose.get().only(starting);
                ev.note("the services that can start here, and only those: " + String.join(", ", starting) + " (not "
                        + String.join(", ", cannotStart) + ": " + compose.get().unpullable(cannotStart) + ")");
            }
            Optional<ScriptWatch> watch = c.heredoc().isEmpty() ? ScriptWatch.of(plan, text) : Optional.empty();
            if (watch.isPresent()) {
                watch.get().arm(t);
                typed = watch.get().typed(typed);
            }
            List<String> answers = c.answers().isEmpty() || answersInstead.isEmpty() ? c.answers() : answersInstead;
            if (answers != c.answers()) {
                ev.note("the student's answers at its prompts this time (the sidecar's repair): " + String.join(", ", answers));
            }
            Terminal.Outcome o;
            try {
                o = t.type(typed, answers);
            } catch (IOException | RuntimeException e) {
                watch.ifPresent(w -> w.disarm(t));
                throw e;
            }
            ev.ran(text, o.exitCode(), o.output());
            t.answered().forEach(a -> ev.add("answer", a.toString()));
            if (answers == c.answers()) { // the document's own answers, not a repair's
                answersFindings(text, t.answered());
            }
            if (watch.isPresent() && o.stillRunning()) {
                watch.get().disarm(t);
            }
            List<ScriptWatch.Failed> wentOn = watch.isPresent() && !o.stillRunning() ? watch.get().collect(t, o.output()) : List.of();
            for (ScriptWatch.Failed f : wentOn) {
                ev.add("failed in " + watch.get().script(), f.describe());
            }
            for (PackageIndex.Served s : t.substitutes()) { // PyPI is unreachable: what its stand-in served, each declared
                ev.add("substitute", "pip got from labcheck's package index (for PyPI): " + s.describe());
            }
            ContainerHosts.downloadsOf(cloud).ifPresent(d -> d.takeServed().forEach(s -> ev.add("substitute", s.describe())));
            if (o.timedOut()) {
                throw new StepFailure("'" + text + "' neither ended nor listened on a port within "
                        + (o.listeners().isEmpty() ? settings.command() : settings.ready()).toSeconds() + " s");
            }
            if (o.stillRunning()) {
                ev.note("keeps running in terminal " + t.number() + (o.listeners().isEmpty() ? "" : ", listening on "
                        + String.join(", ", o.listeners())));
                startedApp(text, o.listeners(), "", ev);
            } else {
                if (o.exitCode() != 0 && o.output().contains("has not been booted with systemd")) {
                    throw new NotRunnableHere("'" + text + "' needs systemd, and this host image does not boot it as"
                            + " PID 1 (" + lastLine(o.output()) + ")");
                }
                if (o.exitCode() != 0) {
                    needsTheInternet(text, o.output());
                    packageTheStandInLacks(text, o.output());
                    neverInstalled(o.output());
                    if (SYSTEMCTL.matcher(text).find()) {
                        systemctl(text, t, ev); // why the unit did not start: its log, who holds its port
                    }
                    throw new StepFailure("'" + text + "' exited " + o.exitCode() + ": " + lastLine(o.output()));
                }
                if (!wentOn.isEmpty()) {
                    throw scriptWentOn(watch.get(), text, wentOn, o.output());
                }
                if (compose.isPresent()) {
                    composeStaysUp(compose.get(), starting, cannotStart, text, t, ev);
                }
                if (text.strip().endsWith("&")) {
                    List<String> fresh = awaitNewListener(t, before);
                    if (!fresh.isEmpty()) {
                        ev.note("started in the background, listening on " + String.join(", ", fresh));
                        startedApp(text, fresh, "", ev);
                        if (c.simpleCommands().stream().anyMatch(x -> ShellWords.words(x).stream()
                                .filter(w -> !w.equals("sudo")).findFirst().orElse("").equals("nohup"))) {
                            survivesTheHangup(t, fresh, ev);
                        }
                    }
                }
                systemctl(text, t, ev);
            }
            expect(c.output(), o.output(), ev, "'" + text + "'");
            for (FixtureRepositories.Built b : repositories.built()) {
                if (text.contains(b.repository().url().replaceAll("\\.git$", ""))) {
                    ev.add("substitute", b.describe());
                }
            }
        }
        expect(blockOutput(step), lastOutput(ev), ev, "the step");
    }

    /** The open terminal whose foreground process runs the same program on the same target ({@code uvicorn app.main:app}). */
    private Terminal holderOf(List<String> program) {
        if (program.size() < 2) {
            return null;
        }
        for (Terminal t : terminals) {
            Optional<Terminal.Held> held = t.held();
            if (held.isPresent()) {
                List<String> running = ShellWords.program(held.get().command());
                if (running.size() >= 2 && running.subList(0, 2).equals(program.subList(0, 2))) {
                    return t;
                }
            }
        }
        return null;
    }

    /**
     * {@code vim .env} with no content after it in the document: an edit by hand the run cannot know, left as it
     * is and said so.
     */
    private static boolean editedByHand(Command c, List<String> program, String text, Evidence ev) {
        if (program.size() < 2 || !FileLanguages.isEditor(program.get(0)) || c.simpleCommands().size() != 1
                || !c.heredoc().isEmpty()) {
            return false;
        }
        ev.command(text).note("an editor, and the document gives no content for " + program.get(program.size() - 1)
                + ": the student edits it by hand; the run leaves it as it is");
        return true;
    }

    private static final java.util.Set<String> LOOKERS = java.util.Set.of("curl", "which", "cat", "ls", "ps", "ss",
            "netstat", "free", "df", "du", "ping", "nslookup", "dig", "host", "id", "whoami", "hostname", "uname",
            "echo", "head", "tail", "grep", "journalctl", "lsof", "ip", "nproc", "uptime", "date", "pwd", "env");

    /**
     * A step that only looks (a request, a page, {@code systemctl status}): nothing later stands on it, so when it
     * fails the run goes on and the later steps get their own verdicts.
     */
    static boolean onlyLooks(LabStep step) {
        if (step.kind() == StepKind.BROWSE) {
            return true;
        }
        if (step.kind() != StepKind.RUN || step.commands().isEmpty()) {
            return false;
        }
        for (Command c : step.commands()) {
            for (String simple : c.simpleCommands()) {
                List<String> p = ShellWords.program(simple);
                if (p.isEmpty()) {
                    continue;
                }
                boolean looks = LOOKERS.contains(p.get(0))
                        || p.get(0).equals("systemctl") && p.size() > 1 && p.get(1).matches("status|is-active|is-enabled");
                if (!looks || p.get(0).equals("curl") && p.stream().anyMatch(w -> w.matches(
                        "-[a-zA-Z]*[dFTOo][a-zA-Z]*|--data.*|--form|--upload-file|--output|-X|--request"))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static final Pattern URL_PORT = Pattern.compile("https?://[^/:\\s]+:(\\d+)");

    /**
     * A request from outside that hangs, to a port the security group does not admit, while no step of the document
     * opens it: the student following the steps hits this, a finding about the document (its troubleshooting is
     * cited when it names the port).
     */
    private void portNeverOpened(String request) {
        Matcher m = URL_PORT.matcher(request);
        if (!m.find() || console.groupId() == null) {
            return;
        }
        int port = Integer.parseInt(m.group(1));
        boolean admitted = cloud.ec2().describeSecurityGroups(r -> r.groupIds(console.groupId())).securityGroups().stream()
                .flatMap(g -> g.ipPermissions().stream())
                .anyMatch(p -> "-1".equals(p.ipProtocol()) || p.fromPort() != null && p.fromPort() <= port && p.toPort() >= port);
        boolean opened = plan.steps().stream().anyMatch(s -> s.kind() == StepKind.CLOUD_ACTION
                && s.cloud().action().equals("AuthorizeSecurityGroupIngress")
                && (s.cloud().value("port").equals(String.valueOf(port)) || s.cloud().value("port").equals("all")));
        if (admitted || opened) {
            return;
        }
        String troubleshooting = plan.troubleshooting().stream().flatMap(t -> t.causes().stream()
                        .filter(c -> c.title().contains(String.valueOf(port))).map(c -> t.problem() + " / " + c.title()))
                .findFirst().map(s -> "; only its troubleshooting says to open it (" + s + ")").orElse("");
        String finding = "no step opens port " + port + " in the security group, so the request from outside ("
                + current.number() + ". " + current.section() + ") hangs" + troubleshooting;
        if (findings.stream().noneMatch(f -> f.startsWith("no step opens port " + port + " "))) {
            findings.add(finding);
        }
    }

    /** How long a request from the workstation may hang before the run calls it a hang (curl alone waits ~2 min). */
    private static final Duration REQUEST_BOUND = Duration.ofSeconds(20);

    private static final Pattern VENV_PROMPT = Pattern.compile("^\\([\\w.-]+\\)\\s");

    /** A prompted command without a venv marker in a block whose other prompts show one ({@code (venv) $}). */
    static boolean outsideTheVenvShown(LabStep step, Command c) {
        return !c.prompt().isEmpty() && !VENV_PROMPT.matcher(c.prompt()).find()
                && step.commands().stream().anyMatch(x -> VENV_PROMPT.matcher(x.prompt()).find());
    }


    /**
     * A command that failed because it reached for a host on the internet (a download, a git clone, a package
     * index this machine has no route to) is not the document's fault: nothing here stands in for it.
     */
    private static final Pattern NOT_FOUND = Pattern.compile("(?m)([A-Za-z0-9_.+-]+): (?:command )?not found$");

    /**
     * A program the shell could not find, which no step of the document installs (no earlier command names it with
     * an install): the document's omission, said as a finding beside the step's failure.
     */
    private void neverInstalled(String output) {
        Matcher m = NOT_FOUND.matcher(output);
        if (!m.find()) {
            return;
        }
        String program = m.group(1);
        boolean installed = plan.steps().stream().filter(s -> s.number() < current.number())
                .flatMap(s -> s.commands().stream()).map(Command::text)
                .anyMatch(t -> t.contains("install") && ShellWords.words(t).contains(program));
        String finding = "the document runs " + program + " (step " + current.number() + ", " + current.section()
                + "), and no step before it installs it: '" + m.group() + "'";
        if (!installed && findings.stream().noneMatch(f -> f.startsWith("the document runs " + program + " "))) {
            findings.add(finding);
        }
    }

    /**
     * After a compose up the document's file brought up: its services must stay up; and where some could not start
     * here, the step is not runnable, saying which started and stayed up.
     */
    private void composeStaysUp(ComposeUp up, List<String> started, List<String> cannotStart, String text, Terminal t,
                                Evidence ev) throws IOException {
        List<String> down = up.notUp(t, started);
        if (!down.isEmpty()) {
            throw new StepFailure("'" + text + "' returned, and " + down.size() + " of the services it started did not"
                    + " stay up: " + String.join("; ", down));
        }
        ev.add("check", "up 3 s later: " + String.join(", ", started));
        if (!cannotStart.isEmpty()) {
            throw new NotRunnableHere("'" + text + "' " + up.unpullable(cannotStart)
                    + "; the other services started and stay up: " + String.join(", ", started), false);
        }
    }

    /**
     * A script the document wrote ended with exit 0 after commands in it failed: it reports success for work it did
     * not do. A finding about the document, with what the failures name that no step makes.
     */
    private StepFailure scriptWentOn(ScriptWatch watch, String text, List<ScriptWatch.Failed> failed, String output) {
        String script = watch.script();
        boolean errexit = watch.errexit();
        String failures = failed.stream().map(ScriptWatch.Failed::describe).collect(java.util.stream.Collectors.joining("; "));
        List<String> never = ScriptWatch.neverMade(plan, failed);
        String finding = script + " (step " + current.number() + ", " + current.section() + ") goes on after its commands"
                + " fail and exits 0" + (errexit ? "" : " (it has no set -e)") + ", its last words '" + lastLine(output)
                + "': " + failures + (never.isEmpty() ? "" : "; " + String.join("; ", never));
        findings.add(finding);
        return new StepFailure("'" + text + "' exited 0, and " + failed.size() + " of its commands failed: " + script
                + " goes on after its commands fail" + (errexit ? "" : " (it has no set -e)") + " and reports '"
                + lastLine(output) + "' for work it did not do");
    }

    private static final Pattern NO_PACKAGE = Pattern.compile("Unable to locate package (\\S+)");

    /**
     * apt found no such package, on an instance whose image stands in for the document's OS (Debian 12 for Ubuntu
     * 22.04): the archives differ, so the run cannot tell the document's mistake from the stand-in's gap. Not
     * runnable here, saying so; on the document's own OS the same failure is the document's.
     */
    private void packageTheStandInLacks(String command, String output) {
        Matcher m = NO_PACKAGE.matcher(output);
        if (!m.find()) {
            return;
        }
        ContainerHosts.of(cloud).map(ContainerHosts::image).filter(i -> !i.substitute().isEmpty() && !i.substitute()
                .equals("none")).ifPresent(i -> {
                    throw new NotRunnableHere("'" + command + "': the package " + m.group(1) + " is not in the archive of"
                            + " this machine's host image (" + i.substitute() + "), which cannot tell whether the"
                            + " document's Ubuntu has it");
                });
    }

    private static void needsTheInternet(String command, String output) {
        Matcher m = NotRunnableHere.OFFLINE.matcher(output);
        if (m.find()) {
            String fix = command.matches("(?s).*\\bgit\\s+clone\\b.*")
                    ? ": name a fixture directory for its URL in the lab's sidecar (<document>" + Sidecar.SUFFIX
                    + ", see the README, \"Sidecars\")" : "";
            throw new NotRunnableHere("'" + command + "' reaches the internet, which this machine has no route to, and"
                    + " no substitute stands in for it (" + m.group() + ")" + fix);
        }
    }

    private static String section(LabStep step) {
        return step == null ? "" : step.section() + " (line " + step.at().line() + ")";
    }

    /** The lab's sections the diagnosis points at, per finding code. */
    public Map<String, String> sections() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String code : List.of("key-permissions", "ssh-port-closed", "instance-stopped")) {
            m.put(code, loginSection);
        }
        for (String code : List.of("app-port-closed", "loopback-bind", "app-not-running", "venv-inactive")) {
            m.put(code, appSection);
        }
        return m;
    }

    /** The names this lab's DNS console pointed somewhere (its own records, not another lab's in the same DNS). */
    public java.util.List<String> domainNames() {
        return java.util.List.copyOf(console.records().keySet());
    }

    /** The public address the student last saw (a stopped instance no longer has one). */
    public String publicIpSeen() {
        return publicIpSeen;
    }

    /** What the document's block shows after its commands, when it is not already a command's own output. */
    private static String blockOutput(LabStep step) {
        String own = String.join("\n", step.commands().stream().map(Command::output).filter(o -> !o.isBlank()).toList());
        return step.expectedOutput().strip().equals(own.strip()) ? "" : step.expectedOutput();
    }

    private static String lastOutput(Evidence ev) {
        List<Evidence.Entry> e = ev.entries();
        for (int i = e.size() - 1; i >= 0; i--) {
            if (e.get(i).key().equals("output")) {
                return e.get(i).value();
            }
        }
        return "";
    }

    private void startedApp(String text, List<String> listeners, String unit, Evidence ev) throws IOException {
        if (listeners.isEmpty()) {
            return;
        }
        int port = Terminal.portOf(listeners.get(0));
        Terminal.Place place = terminal.place();
        String command = serverPart(text);
        app = new RunningApp(port, listeners, command, place.cwd(), place.venv(), unit);
        appSection = section(current);
        Matcher host = HOST_OPTION.matcher(command);
        if (host.find() && unit.isEmpty()) {
            String wanted = host.group(1).replaceFirst(":\\d+$", "");
            boolean ok = listeners.stream().anyMatch(l -> l.startsWith(wanted + ":")
                    || wanted.equals("0.0.0.0") && l.startsWith("*:"));
            if (!ok) {
                throw new StepFailure("the app listens on " + String.join(", ", listeners) + ", not on " + wanted + ":" + port
                        + " as the command asks (ss -ltn)");
            }
            ev.add("check", "listens on " + String.join(", ", listeners) + " as --host " + wanted + " asks");
        }
    }

    /** The part of a command line that runs the app: the last simple command, without nohup, redirections or &. */
    static String serverPart(String text) {
        List<String> chain = ShellWords.splitChain(text.strip().replaceFirst("&\\s*$", ""));
        String last = chain.isEmpty() ? text : chain.get(chain.size() - 1);
        return last.replaceFirst("^\\s*nohup\\s+", "").replaceAll("\\s*[0-9]?>>?\\s*&?\\S+", "").replaceAll("\\s*<\\s*\\S+", "")
                .strip();
    }

    private List<String> awaitNewListener(Terminal t, Set<String> before) throws IOException {
        long deadline = System.nanoTime() + settings.ready().toNanos();
        while (System.nanoTime() < deadline) {
            Set<String> now = listening(t);
            now.removeAll(before);
            if (!now.isEmpty()) {
                return List.copyOf(now);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
        return List.of();
    }

    /**
     * Where {@code unit}'s own processes listen (its main process and that one's children), awaited within the ready
     * bound: not "whatever is new", since what listened before the step (an app it replaces) may hold the same port.
     */
    private List<String> awaitUnitListener(Terminal t, String unit) throws IOException {
        long deadline = System.nanoTime() + settings.ready().toNanos();
        while (System.nanoTime() < deadline) {
            Set<String> now = unitListeners(t, unit);
            if (!now.isEmpty()) {
                return List.copyOf(now);
            }
            sleepQuietly(250);
        }
        return List.of();
    }

    /** Where {@code unit}'s own processes (its main process and that one's children) listen right now. */
    private static Set<String> unitListeners(Terminal t, String unit) throws IOException {
        String script = "main=$(systemctl show -p MainPID --value " + unit + "); [ \"$main\" != 0 ] || exit 0;"
                + " pids=\"$main$(pgrep -P \"$main\" | sed 's/^/|/' | tr -d '\\n')\";"
                + " sudo ss -Hltnp | grep -E \"pid=($pids),\" | awk '{print $4}' | sort -u";
        return listening(t.exec(script).stdout());
    }

    private static Set<String> listening(Terminal t) throws IOException {
        return listening(t.exec("ss -Hltn | awk '{print $4}' | sort -u").stdout());
    }

    private static Set<String> listening(String ss) {
        return new java.util.TreeSet<>(ss.lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
    }

    /** A new SSH login as the lab's user with the key the console gave: groups added since the first login apply. */
    private io.labcheck.ssh.SshSession freshLogin() throws SshFailure {
        return ssh.connect(new io.labcheck.ssh.SshTarget(console.publicIp(), 22, loginUser, console.keyFile()),
                Duration.ofSeconds(15));
    }

    /** The harness's own SSH connection for checks, apart from the student's terminals (which it never types in). */

    private io.labcheck.ssh.SshSession checkSession() throws SshFailure {
        if (checks == null || !checks.isOpen()) {
            checks = freshLogin();
        }
        return checks;
    }

    /** {@code systemctl enable --now X}: X is active and enabled; {@code start}/{@code restart}: active. */
    private void systemctl(String text, Terminal t, Evidence ev) throws IOException {
        Matcher m = SYSTEMCTL.matcher(text);
        while (m.find()) {
            String verb = m.group(1);
            String unit = m.group(2);
            boolean now = text.contains("--now") || !verb.equals("enable");
            if (verb.equals("enable")) {
                ExecResult e = t.exec("systemctl is-enabled " + unit);
                if (!e.stdout().strip().equals("enabled")) {
                    throw new StepFailure(unit + " is not enabled after '" + text + "': systemctl is-enabled says "
                            + (e.stdout() + e.stderr()).strip());
                }
                ev.add("check", unit + " is enabled");
            }
            if (now) {
                String state = settled(t, unit);
                if (!state.equals("active")) {
                    String status = t.exec("systemctl status --no-pager -n 8 " + unit + " 2>&1 | tail -n 12").stdout();
                    ev.add("output", status);
                    String dir = t.exec("systemctl show -p WorkingDirectory --value " + unit).stdout().strip();
                    if (!dir.isEmpty() && !dir.startsWith("!") && t.exec("sudo test -d '" + dir + "'").exitCode() != 0) {
                        findings.add("the " + unit + " unit's WorkingDirectory=" + dir + " does not exist when step "
                                + current.number() + " (" + current.section() + ") starts it: no step of the document"
                                + " makes it, so systemd cannot start the app (status=200/CHDIR)");
                    }
                    String cause = t.exec("sudo journalctl -u " + unit + " -n 40 --no-pager -o cat 2>/dev/null | grep -i -m1 -E"
                            + " 'address already in use|error|exception' ").stdout().strip();
                    portHeldElsewhere(t, unit, cause);
                    throw new StepFailure(unit + " is not active after '" + text + "' (" + state + "): "
                            + (cause.isEmpty() ? lastLine(status) : "its log says: " + cause));
                }
                ev.add("check", unit + " is active");
                List<String> fresh = awaitUnitListener(t, unit);
                if (!fresh.isEmpty()) {
                    String exec = t.exec("systemctl show -p ExecStart --value " + unit + " | sed -n 's/.*argv\\[\\]=\\([^;]*\\);.*/\\1/p'")
                            .stdout().strip();
                    startedApp(exec.isEmpty() ? unit : exec, fresh, unit, ev);
                    ev.note(unit + " listens on " + String.join(", ", fresh));
                    restartsAfterAKill(t, unit, fresh, ev);
                }
            }
        }
    }

    private static final Pattern SS_PID = Pattern.compile("pid=(\\d+)");

    /**
     * A unit that cannot start because the port its ExecStart names is held by another process (an app an earlier
     * step left running, nohup's say): a finding about the document, which never stops that process.
     */
    /** nginx's "bind() to 0.0.0.0:80 failed (98: Address already in use)": the port its log says it could not take. */
    private static final Pattern BIND_FAILED = Pattern.compile(":(\\d+) failed \\(98");

    private void portHeldElsewhere(Terminal t, String unit, String logCause) throws IOException {
        String exec = t.exec("systemctl show -p ExecStart --value " + unit).stdout();
        Matcher option = Pattern.compile("--port[ =](\\d+)").matcher(exec);
        Matcher port = option.find() ? option : BIND_FAILED.matcher(logCause);
        if (port != option && !port.find()) {
            return;
        }
        String main = t.exec("systemctl show -p MainPID --value " + unit).stdout().strip();
        Matcher holder = SS_PID.matcher(t.exec("sudo ss -Hltnp 'sport = :" + port.group(1) + "'").stdout());
        if (!holder.find() || holder.group(1).equals(main)) {
            return;
        }
        String command = t.exec("ps -o args= -p " + holder.group(1)).stdout().strip();
        String finding = "port " + port.group(1) + " is still held by pid " + holder.group(1) + " ('" + command
                + "') when step " + current.number() + " (" + current.section() + ") starts " + unit + " on it: no step"
                + " stops what an earlier step left running, so the unit's app cannot bind (address already in use)";
        if (findings.stream().noneMatch(f -> f.startsWith("port " + port.group(1) + " is still held"))) {
            findings.add(finding);
        }
    }

    /**
     * What nohup is for, proved: the process that listens gets SIGHUP, what the end of the SSH session sends, and
     * still runs and listens a second later.
     */
    private static void survivesTheHangup(Terminal t, List<String> listeners, Evidence ev) throws IOException {
        String port = listeners.get(0).substring(listeners.get(0).lastIndexOf(':') + 1);
        Matcher m = SS_PID.matcher(t.exec("ss -Hltnp 'sport = :" + port + "'").stdout());
        if (!m.find()) {
            return; // not ours to signal (another user's process): nothing to prove here
        }
        String pid = m.group(1);
        t.exec("kill -HUP " + pid);
        sleepQuietly(1000);
        boolean alive = t.exec("kill -0 " + pid).exitCode() == 0;
        if (!alive || !listening(t).containsAll(listeners)) {
            throw new StepFailure("the app started with nohup (pid " + pid + ") did not survive SIGHUP, what the end of the"
                    + " SSH session sends: " + (alive ? "it no longer listens on " + String.join(", ", listeners) : "it ended"));
        }
        ev.add("check", "pid " + pid + " survives SIGHUP (what the end of the SSH session sends) and still listens on "
                + String.join(", ", listeners));
    }

    /**
     * A unit whose Restart= asks systemd to bring it back (always, on-failure, ...) is proved to: its main process
     * is killed (SIGKILL, as a crash or the OOM killer would), and within 15 s a new one runs and listens where the
     * old one did. Units without Restart= are left alone.
     */
    private static void restartsAfterAKill(Terminal t, String unit, List<String> listeners, Evidence ev) throws IOException {
        String restart = t.exec("systemctl show -p Restart --value " + unit).stdout().strip();
        if (restart.isEmpty() || restart.equals("no")) {
            return;
        }
        String pid = t.exec("systemctl show -p MainPID --value " + unit).stdout().strip();
        if (pid.isEmpty() || pid.equals("0")) {
            return;
        }
        t.exec("sudo kill -KILL " + pid);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        String now = pid;
        while (System.nanoTime() < deadline) {
            now = t.exec("systemctl show -p MainPID --value " + unit).stdout().strip();
            // the new process's own listeners: any other listener on the port proves nothing about the unit
            if (!now.equals(pid) && !now.equals("0") && unitListeners(t, unit).containsAll(listeners)) {
                ev.add("check", unit + " came back after its process was killed (Restart=" + restart + "): pid " + pid
                        + " -> " + now + ", listening again on " + String.join(", ", listeners));
                return;
            }
            sleepQuietly(200);
        }
        throw new StepFailure(unit + " has Restart=" + restart + " but did not come back within 15 s after its process"
                + " (pid " + pid + ") was killed: main pid now " + now + ", listening on " + listening(t));
    }

    /**
     * What a started unit settles to: "active" once it has stayed active, without an automatic restart, for 1.5 s
     * (a simple unit is active the moment its process is forked, before it can fail); else "failed" or "keeps
     * restarting" (Restart= brought it back while we watched). Bounded at 10 s.
     */
    private static String settled(Terminal t, String unit) throws IOException {
        long activeSince = 0;
        int firstRestarts = -1;
        String state = "unknown";
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, String> show = new LinkedHashMap<>();
            t.exec("systemctl show -p ActiveState -p SubState -p NRestarts " + unit).stdout().lines()
                    .map(l -> l.split("=", 2)).filter(kv -> kv.length == 2).forEach(kv -> show.put(kv[0], kv[1].strip()));
            state = show.getOrDefault("ActiveState", "unknown");
            int restarts = Integer.parseInt(show.getOrDefault("NRestarts", "0").isEmpty() ? "0" : show.get("NRestarts"));
            if (state.equals("failed")) {
                return "failed";
            }
            if (firstRestarts < 0) {
                firstRestarts = restarts;
            } else if (restarts > firstRestarts) {
                return "keeps restarting (" + (restarts - firstRestarts) + " automatic restarts in a few seconds, now "
                        + state + "/" + show.get("SubState") + ")";
            }
            if (state.equals("active")) {
                if (activeSince == 0) {
                    activeSince = System.nanoTime();
                } else if (System.nanoTime() - activeSince > Duration.ofMillis(1500).toNanos()) {
                    return "active";
                }
            } else {
                activeSince = 0;
            }
            sleepQuietly(250);
        }
        return state.equals("active") ? "active" : state + " (still, after 10 s)";
    }

    private void writeFile(LabStep step, Evidence ev) throws IOException, SshFailure {
        String path = step.file().path();
        String content = bindings.bind(step.file().content(), step.where() != Where.SERVER);
        if (!content.endsWith("\n")) {
            content = content + "\n";
        }
        if (step.where() == Where.SERVER) {
            Terminal t = terminal(ev);
            boolean sudo = step.commands().stream().anyMatch(Command::usesSudo)
                    || path.startsWith("/") && !path.startsWith("/home/") && !path.startsWith("/tmp/");
            String marker = "LABCHECK_EOF_" + Long.toHexString(System.nanoTime());
            String write = (sudo ? "sudo tee " + path + " > /dev/null" : "cat > " + path) + " <<'" + marker + "'\n"
                    + content + marker;
            String editor = step.commands().isEmpty() ? "(the document names the file)" : step.commands().get(0).text();
            // a file that was there (a cloned repository's) is replaced whole, as by a student who pastes the block
            String before = t.exec("cd '" + t.place().cwd().replace("'", "'\\''") + "' 2>/dev/null; f=" + path
                    + "; [ -f \"$f\" ] && echo \"$(wc -l < \"$f\") $(cd \"$(dirname \"$f\")\" && pwd)\"").stdout().strip();
            Terminal.Outcome o = t.type(write);
            ev.command(editor).note("the file's " + content.lines().count() + " lines from the document (line "
                    + step.file().line() + ") written to " + path + (before.matches("\\d+ /.*") ? ", in place of the "
                    + before.split(" ", 2)[0] + "-line file that was there (in " + before.split(" ", 2)[1] + ")" : ""));
            if (o.exitCode() != 0) {
                throw new StepFailure("writing " + path + " failed (exit " + o.exitCode() + "): " + lastLine(o.output()));
            }
        } else {
            Path file = workstation.file(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
            ev.command("write " + path).note(content.lines().count() + " lines, in the workstation's home");
        }
    }

    // --- browser -------------------------------------------------------------------------------------------

    private void browse(LabStep step, Evidence ev) throws IOException {
        if (!Bindings.pointsAtServer(step.url())) {
            ev.command("open " + step.url());
            throw new NotRunnableHere("a page on the internet (" + step.url() + "), which this machine has no route to;"
                    + " a provider's console is replayed through the cloud's API in the steps that use it", false);
        }
        ensureLaunched(ev);
        String url = bindings.bind(step.url(), true);
        ev.command("open " + url);
        HttpResponse<String> page;
        try {
            page = get(url, ev);
        } catch (StepFailure e) {
            int opens = opensLater(step);
            if (opens > 0) {
                deferred = new Deferred(step, url, step.expectedOutput(), opens);
                ev.note("no page yet (" + e.getMessage() + "): step " + opens + " opens inbound traffic, and the page is"
                        + " checked after it");
                return;
            }
            throw e;
        }
        expect(step.expectedOutput(), page.body(), ev, "the page at " + url);
    }

    /** The number of a later step that adds an inbound rule, before any later server or workstation step; 0 if none. */
    private int opensLater(LabStep step) {
        for (LabStep s : plan.steps()) {
            if (s.number() > step.number() && s.kind() == StepKind.CLOUD_ACTION
                    && s.cloud().action().equals("AuthorizeSecurityGroupIngress")) {
                return s.number();
            }
        }
        return 0;
    }

    private HttpResponse<String> get(String url, Evidence ev) throws IOException {
        long t0 = System.nanoTime();
        cloud.settle();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(settings.http()).build(),
                    HttpResponse.BodyHandlers.ofString());
            ev.add("http status", String.valueOf(r.statusCode())).output(r.body());
            if (r.statusCode() >= 400) {
                throw new StepFailure(url + " answered " + r.statusCode() + ": " + lastLine(r.body()));
            }
            return r;
        } catch (HttpConnectTimeoutException e) {
            portNeverOpened(url);
            throw new StepFailure(String.format("the connection to %s timed out after %.1f s", url, (System.nanoTime() - t0) / 1e9));
        } catch (java.net.ConnectException e) {
            throw new StepFailure("the connection to " + url + " was refused");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    // --- checks --------------------------------------------------------------------------------------------

    private void expect(String expected, String actual, Evidence ev, String what) {
        if (expected == null || expected.isBlank()) {
            return;
        }
        Optional<String> diff = ExpectedOutput.differs(expected, actual);
        if (diff.isPresent()) {
            throw new StepFailure(what + ": " + diff.get());
        }
        ev.add("check", "output as the document shows it");
    }

    /** The sidecar's checks of this step, each in a fresh login on the server, as a student would look after it. */
    private void sidecarChecks(LabStep step, Evidence ev) throws IOException, SshFailure {
        for (Sidecar.StepCheck c : stepChecks) {
            if (!c.at(step)) {
                continue;
            }
            try (var session = freshLogin()) {
                ExecResult r = session.exec(c.server(), settings.command());
                String out = (r.stdout() + r.stderr()).strip();
                ev.add("check (sidecar)", c.that() + ": " + (r.exitCode() == 0 ? "holds" : "does not hold (exit "
                        + r.exitCode() + ")") + (out.isEmpty() ? "" : "\n" + out));
                if (r.exitCode() != 0) {
                    throw new StepFailure("the sidecar's check does not hold: " + c.that() + " (exit " + r.exitCode()
                            + (out.isEmpty() ? "" : ": " + lastLine(out)) + ")");
                }
            }
        }
    }

    private void authorChecks(LabStep step, Evidence ev) throws IOException, SshFailure {
        for (Check c : step.checks()) {
            switch (c.kind()) {
                case "http" -> {
                    String url = bindings.bind(c.value("url"), true);
                    HttpResponse<String> r = get(url, ev);
                    if (!c.value("status").isEmpty() && !String.valueOf(r.statusCode()).equals(c.value("status"))) {
                        throw new StepFailure("check http " + url + ": status " + r.statusCode() + ", wanted " + c.value("status"));
                    }
                    expect(c.value("body"), r.body(), ev, "check http " + url);
                }
                case "port" -> {
                    Set<String> l = listening(checkSession().exec("ss -Hltn | awk '{print $4}' | sort -u",
                            Duration.ofSeconds(15)).stdout());
                    String want = (c.value("address").isEmpty() ? "" : c.value("address")) + ":" + c.value("port");
                    if (l.stream().noneMatch(x -> x.endsWith(want) || c.value("address").equals("0.0.0.0")
                            && x.equals("*:" + c.value("port")))) {
                        throw new StepFailure("check port: nothing listens on " + want + " (ss -ltn shows " + l + ")");
                    }
                    ev.add("check", "listens on " + want);
                }
                case "mode" -> {
                    Path f = workstation.file(bindings.bind(c.value("path"), true));
                    String mode = Files.exists(f) ? octal(Files.getPosixFilePermissions(f)) : "missing";
                    if (!mode.endsWith(c.value("mode"))) {
                        throw new StepFailure("check mode: " + c.value("path") + " is " + mode + ", wanted " + c.value("mode"));
                    }
                    ev.add("check", c.value("path") + " is " + mode);
                }
                case "output" -> {
                    if (!lastOutput(ev).contains(c.value("contains"))) {
                        throw new StepFailure("check output: the output lacks \"" + c.value("contains") + "\"");
                    }
                    ev.add("check", "output contains \"" + c.value("contains") + "\"");
                }
                default -> throw new StepFailure("unknown check " + c.kind());
            }
        }
    }

    // --- what the run leaves -------------------------------------------------------------------------------

    /** The app the lab left running, if any. */
    public Optional<RunningApp> app() {
        return Optional.ofNullable(app);
    }

    public String instanceId() {
        return console.instanceId();
    }

    public Path keyFile() {
        return console.keyFile();
    }

    public String loginUser() {
        return loginUser;
    }

    public Cloud cloud() {
        return cloud;
    }

    /** Placeholders bound to the run's values. */
    public Map<String, String> bindings() {
        return bindings.used();
    }

    /** What the run found wrong with the document itself, beyond its failed steps. */
    public List<String> findings() {
        return List.copyOf(findings);
    }

    /** The step whose run raised {@code finding} (one of {@link #findings()}), where the document should change. */
    public Optional<LabStep> findingAt(String finding) {
        return Optional.ofNullable(findingSteps.get(finding));
    }

    public Optional<LabStep> firstFailure() {
        return Optional.ofNullable(failed);
    }

    @Override
    public void close() {
        for (Terminal t : terminals) {
            t.close();
        }
        if (checks != null) {
            checks.close();
        }
        ssh.close();
        workstation.close();
        repositories.close();
    }

    // --- helpers -------------------------------------------------------------------------------------------

    /** The words of the program its first simple command runs ({@code sudo}, {@code nohup} and the like removed). */
    private static List<String> program(Command c) {
        return ShellWords.program(c.simpleCommands().isEmpty() ? "" : c.simpleCommands().get(0));
    }

    /** The command as typed, a heredoc's body and terminator included. */
    static String script(Command c) {
        if (c.heredoc().isEmpty()) {
            return c.text();
        }
        Matcher m = Pattern.compile("<<-?\\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\\1").matcher(c.text());
        String terminator = m.find() ? m.group(2) : "EOF";
        return c.text() + "\n" + c.heredoc() + terminator;
    }

    private static String octal(Set<PosixFilePermission> p) {
        int mode = 0;
        for (PosixFilePermission x : p) {
            mode |= 1 << (8 - x.ordinal());
        }
        return String.format("0%03o", mode);
    }

    static String lastLine(String text) {
        return text == null ? "" : text.strip().lines().reduce((a, b) -> b).orElse("(no output)");
    }

    static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

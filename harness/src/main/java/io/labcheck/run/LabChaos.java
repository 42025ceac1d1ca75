package io.labcheck.run;

import io.labcheck.diagnose.Diagnosis;
import io.labcheck.diagnose.Finding;
import io.labcheck.diagnose.Rule;
import io.labcheck.diagnose.StudentTools;
import io.labcheck.diagnose.Subject;
import io.labcheck.diagnose.Symptom;
import io.labcheck.fault.Deployment;
import io.labcheck.fault.DocumentedFaults;
import io.labcheck.fault.Fault;
import io.labcheck.fault.FaultKind;
import io.labcheck.fault.Faults;
import io.labcheck.host.ContainerHosts;
import io.labcheck.lab.TroubleshootingEntry;
import io.labcheck.report.DocumentFinding;
import io.labcheck.report.FaultResult;
import io.labcheck.ssh.ExecResult;
import io.labcheck.ssh.SshConnector;
import io.labcheck.ssh.SshSession;
import io.labcheck.ssh.SshTarget;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The catalogue's faults on what a lab run deployed: each one that applies is injected and proved applied,
 * diagnosed blind (the diagnosis gets only what a student has), reverted and proved reverted; the finding must
 * be exactly the fault's. Where the lab's own troubleshooting section describes the fault, what it says the
 * student sees is held against what was observed, and a difference is a finding about the document.
 */
public final class LabChaos implements AutoCloseable {
    /** The outcome of one cycle, for the results. */
    /**
     * One fault's cycle: its result, what it showed of the document, the probes' outcomes, and each diagnosis's time
     * (one per repeat, in order).
     */
    public record Cycle(FaultResult result, List<DocumentFinding> documentFindings, List<String> probes,
                        List<Duration> diagnoses) {}


    /** A command line as the document shows it typed: {@code $ ...}, {@code user@host:~$ ...}, {@code (venv) ...$ ...}. */
    private static final java.util.regex.Pattern PROMPTED = java.util.regex.Pattern.compile(
            "^(\\(\\S+\\)\\s*)?(\\$|\\S+@\\S*[$#])\\s");

    private final LabRun run;
    private final Deployment deployment;
    private final Subject subject;
    private final Faults faults;
    private final Diagnosis diagnosis;
    private final List<TroubleshootingEntry> troubleshooting;
    private final String document;
    private final int repeat;
    /** What reverts had to restore by hand, said once per run. */
    private final java.util.Set<String> restoredByHand = new java.util.HashSet<>();

    private LabChaos(LabRun run, Deployment deployment, Subject subject, Set<Rule> rules, int repeat) {
        this.run = run;
        this.deployment = deployment;
        this.subject = subject;
        this.faults = new Faults(deployment);
        this.diagnosis = new Diagnosis(rules);
        this.troubleshooting = run.plan().troubleshooting();
        this.document = run.plan().name();
        this.repeat = Math.max(1, repeat);
    }

    /**
     * The chaos of what {@code run} left running, or why there is none: no instance, or no container hosts to reach
     * the server by the harness's back door. A lab that leaves no app listening still has its instance, key, SSH and
     * cloud account to break; the faults about the app then say they do not apply ({@link FaultKind#whyNot}).
     */
    public static LabChaos of(LabRun run, ContainerHosts hosts, Set<Rule> rules, int repeat) {
        if (run.instanceId() == null) {
            throw new NotRunnableHere("the lab launched no instance");
        }
        if (hosts == null) {
            throw new NotRunnableHere("faults reach the server by the harness's own back door, which only container hosts have");
        }
        var ec2 = run.cloud().ec2();
        Optional<RunningApp> app = run.app();
        Deployment d = app.map(a -> new Deployment(ec2, run.instanceId(), run.keyFile(), run.loginUser(), a.port(),
                        AppStart.command(a), AppStart.match(a), a.unit(), hosts))
                .orElseGet(() -> Deployment.withoutApp(ec2, run.instanceId(), run.keyFile(), run.loginUser(), hosts));
        if (!FaultKind.KEY_PERMISSIONS.appliesTo(d)) {
            // only a lab that never logs in leaves its key so: a run that logs in protects it first
            throw new NotRunnableHere("the lab never logs in: its key " + run.keyFile().getFileName() + " is as the"
                    + " console downloaded it, readable by others, which ssh refuses; there is no deployment a student"
                    + " can log in to, healthy, to break");
        }
        // the domain this lab pointed at its server (not another lab's sharing the run's DNS), and the DNS the
        // student's computer asks: the run's public one
        List<String> names = run.domainNames();
        Subject.Site site = names.isEmpty() ? Subject.Site.NONE : hosts.internetIfStarted()
                .map(i -> new Subject.Site(names, i.dns().address())).orElse(Subject.Site.NONE);
        Subject s = new Subject(ec2, run.instanceId(), run.keyFile(), run.loginUser(), d.appPort(), d.appStart(),
                app.map(RunningApp::command).orElse(""), run.sections()).withSite(site);
        for (io.labcheck.lab.Sidecar.ProblemSymptom sy : run.symptoms()) {
            problem(run.plan().troubleshooting(), sy);
            sy.faults().forEach(FaultKind::fromId); // an unknown id: an error listing the known ones
        }
        return new LabChaos(run, d, s, rules, repeat);
    }

    /** The troubleshooting problem a sidecar's symptom is about, or an error naming the problems there are. */
    private static TroubleshootingEntry problem(List<TroubleshootingEntry> section, io.labcheck.lab.Sidecar.ProblemSymptom sy) {
        return section.stream().filter(e -> e.problem().contains(sy.problem())).findFirst().orElseThrow(() ->
                new io.labcheck.lab.LabDocumentException("the sidecar's symptom names the problem '" + sy.problem() + "',"
                        + " which the document's troubleshooting does not have: give text of one of its titles ("
                        + section.stream().map(TroubleshootingEntry::problem).collect(Collectors.joining("; ")) + ")"));
    }

    public Deployment deployment() {
        return deployment;
    }

    /** The diagnosis of the deployment as it is now. */
    public Diagnosis.Report diagnose() {
        run.cloud().settle(); // a stand-in network catches up first: the diagnosis sees the server as it is now
        return diagnosis.run(subject);
    }

    /** Why {@code kind} cannot be made on this deployment, or empty when it can. */
    public Optional<String> notApplicable(FaultKind kind) {
        return kind.appliesTo(deployment) ? Optional.empty() : Optional.of(kind.whyNot(deployment));
    }

    /**
     * Injects the faults, diagnoses, reverts and proves healthy again, whatever the diagnosis said; {@code publish}
     * gets the outcome before an assertion fails.
     */
    public void cycle(List<FaultKind> kinds, Consumer<Cycle> publish) {
        cycle(kinds, () -> {}, publish);
    }

    /**
     * As {@link #cycle(List, Consumer)}, with {@code whileBroken} run once the faults are in and proved, before the
     * diagnosis looks (a benchmark times a student's naive check there).
     */
    public void cycle(List<FaultKind> kinds, Runnable whileBroken, Consumer<Cycle> publish) {
        String label = kinds.stream().map(FaultKind::id).collect(Collectors.joining(" + "));
        List<String> expected = kinds.stream().map(FaultKind::id).sorted().toList();
        List<Fault> injected = new ArrayList<>();
        List<String> reported = List.of();
        List<String> probes = List.of();
        Long took = null;
        List<Duration> diagnoses = List.of();
        Optional<DocumentFinding> claim = Optional.empty();
        List<DocumentFinding> shown = new java.util.ArrayList<>();
        boolean reverted = false;
        AssertionError diagnosisFailure = null;
        try {
            for (FaultKind k : kinds) {
                injected.add(faults.inject(k));
            }
            whileBroken.run();
            List<Diagnosis.Report> runs = new ArrayList<>();
            for (int n = 0; n < repeat; n++) {
                runs.add(diagnose());
            }
            Diagnosis.Report report = runs.get(0);
            reported = report.codes();
            probes = report.observations().probes().stream().map(Object::toString).toList();
            diagnoses = runs.stream().map(Diagnosis.Report::took).toList();
            took = diagnoses.stream().sorted().toList().get((runs.size() - 1) / 2).toMillis();
            System.out.println("[diagnosis] " + label + " -> " + reported + " in " + report.took().toMillis() + " ms");
            report.findings().forEach(f -> System.out.println("  " + f.toString().replace("\n", "\n  ")));
            if (kinds.size() == 1) {
                claim = compareWithTheDocument(kinds.get(0), report);
                shown.addAll(sidecarSymptoms(kinds.get(0)));
            }
            if (!expected.equals(reported.stream().sorted().toList())) {
                diagnosisFailure = new AssertionError("findings for " + label + ": expected " + expected + ", reported "
                        + reported + " (" + report.summary() + ")\nevidence: " + report.observations().evidence());
            }
            for (Finding f : report.findings()) {
                if (f.fix().isBlank() || f.evidence().isEmpty()) {
                    diagnosisFailure = new AssertionError("the " + f.code() + " finding has no fix or no evidence: " + f);
                }
            }
        } finally {
            try {
                // every fault still in, newest first: one whose injection did not take is in too, half made
                for (Fault f : faults.active()) {
                    System.out.println("[revert] " + f.kind().id() + ": " + faults.revert(f).detail());
                    for (String beyond : f.restoredByHand()) {
                        if (restoredByHand.add(beyond)) { // said once, whichever cycle met it
                            shown.add(new DocumentFinding("document-omission", f.kind().id() + ": " + beyond,
                                    List.of(starter(beyond).map(st -> new DocumentFinding.Place(document + ": "
                                            + st.section(), st.at().line())).orElse(new DocumentFinding.Place(document, null)))));
                        }
                    }
                }
                Diagnosis.Report after = diagnose();
                if (!after.healthy()) {
                    throw new AssertionError("not shown healthy after reverting " + label + ": " + after.summary());
                }
                reverted = true;
            } finally {
                claim.ifPresent(c -> shown.add(0, c));
                publish.accept(new Cycle(new FaultResult(label, injected.size() == kinds.size(), expected, reported,
                        reported.stream().sorted().toList().equals(expected), reverted, took), List.copyOf(shown), probes,
                        diagnoses));
            }
        }
        if (diagnosisFailure != null) {
            throw diagnosisFailure;
        }
    }

    /**
     * The step that started a container {@code said} names: a compose up whose file has a service of that name
     * ({@code <project>_<service>_1}, {@code <project>-<service>-1}), or a {@code docker run --name} of it.
     */
    private Optional<io.labcheck.lab.LabStep> starter(String said) {
        for (io.labcheck.lab.LabStep step : run.plan().steps()) {
            for (io.labcheck.lab.Command c : step.commands()) {
                Optional<ComposeUp> up = ComposeUp.of(run.plan(), c.text());
                if (up.isPresent() && up.get().services().stream().anyMatch(sv -> said.matches("(?s).*[\\w.-]+[_-]"
                        + java.util.regex.Pattern.quote(sv) + "[_-]\\d+\\b.*"))) {
                    return Optional.of(step);
                }
                java.util.regex.Matcher named = java.util.regex.Pattern.compile("--name[ =]([\\w.-]+)").matcher(c.text());
                if (c.text().contains("docker run") && named.find() && said.matches("(?s).*\\b"
                        + java.util.regex.Pattern.quote(named.group(1)) + "\\b.*")) {
                    return Optional.of(step);
                }
            }
        }
        return Optional.empty();
    }

    /** What the user really saw beside what the lab's troubleshooting says they will see for this cause. */
    /**
     * What a browser shows where curl failed so, for a document that describes the symptom by the browser's page:
     * Chromium's page for a name that does not resolve, a refused connection and a timed-out one (curl's exits 6, 7
     * and 28) is headed "This site can't be reached".
     */
    private static String browserPage(Symptom curl) {
        return curl.exitCode() == 6 || curl.exitCode() == 7 || curl.exitCode() == 28
                ? " (a browser's page: This site can't be reached)" : "";
    }

    private Optional<DocumentFinding> compareWithTheDocument(FaultKind kind, Diagnosis.Report report) {
        Optional<DocumentedFaults.Place> place = DocumentedFaults.find(kind, troubleshooting)
                .filter(p -> !p.entry().symptom().isBlank());
        if (place.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> observed = switch (kind) {
            case KEY_PERMISSIONS, SSH_PORT_CLOSED -> report.observations().sshSymptom().map(Symptom::toString);
            case INSTANCE_STOPPED -> Optional.of(StudentTools.ssh(run.keyFile(), run.loginUser(),
                    run.publicIpSeen()).toString());
            case OUT_OF_MEMORY -> Optional.of(tryToAllocate());
            case VENV_INACTIVE -> pipOutsideTheVenv(report.observations().appModules());
            case EIP_UNASSOCIATED -> Optional.empty(); // nothing shows to the student but the bill
            case CONTAINER_EXITED -> report.observations().containerStatus().map(st -> "docker ps -a: " + st);
            // a browser's page ("This site can't be reached") is no words a run can hold against its own
            case DNS_STALE -> Optional.empty();
            default -> report.observations().httpSymptom().map(sy -> sy + browserPage(sy));
        };
        if (observed.isEmpty()) {
            return Optional.empty();
        }
        // The student types the key's name in the folder it is in; the probe used its full path.
        observed = observed.map(o -> o.replace(run.keyFile().toString(), run.keyFile().getFileName().toString()));
        TroubleshootingEntry entry = place.get().entry();
        String claimed = claimed(entry);
        boolean agrees = observed.get().toLowerCase(Locale.ROOT).contains(claimed.toLowerCase(Locale.ROOT));
        System.out.println("[document] " + (agrees ? "agrees   " : "DIFFERS  ") + kind.id() + ": \"" + entry.problem()
                + "\" (line " + entry.at().line() + ") says \"" + claimed + "\"; really: " + observed.get());
        if (agrees) {
            return Optional.empty();
        }
        List<DocumentFinding.Place> places = new ArrayList<>();
        places.add(new DocumentFinding.Place(document + ": " + entry.problem(), entry.at().line(), entry.symptom().strip()));
        if (place.get().cause() != null) {
            places.add(new DocumentFinding.Place(document + ": " + entry.problem() + " / " + place.get().cause().title(),
                    place.get().cause().line(), null));
        }
        return Optional.of(new DocumentFinding("symptom-differs", kind.id() + ": the document says \"" + claimed
                + "\"; really: " + observed.get(), places));
    }

    /**
     * The sidecar's symptoms of the problems that list {@code kind} as a cause, each run on the server as the student
     * would while the fault is in, and held against the symptom its problem describes: a difference is a finding.
     */
    private List<DocumentFinding> sidecarSymptoms(FaultKind kind) {
        List<DocumentFinding> found = new ArrayList<>();
        for (io.labcheck.lab.Sidecar.ProblemSymptom sy : run.symptoms()) {
            if (!sy.faults().contains(kind.id())) {
                continue;
            }
            TroubleshootingEntry entry = problem(troubleshooting, sy);
            String said = onTheServer(session -> {
                ExecResult r = session.exec(sy.server(), Duration.ofMinutes(3));
                return (r.stdout() + "\n" + r.stderr()).strip();
            });
            String claimed = claimed(entry);
            boolean agrees = said.replaceAll("\\s+", " ").toLowerCase(Locale.ROOT).contains(claimed.toLowerCase(Locale.ROOT));
            // the lines that say what failed and why (certbot: its summary and each domain's Detail), not the chatter
            String shownLines = said.lines().map(String::strip).filter(l -> l.startsWith("Detail:")
                    || l.matches("(?i).*\\b(fail\\w*|error|problem)\\b.*")).distinct().limit(5)
                    .collect(Collectors.joining(" / "));
            String really = "'" + sy.server().strip() + "' says: " + (shownLines.isEmpty() ? said.lines().reduce((a, b) -> b)
                    .orElse("(nothing)") : shownLines);
            System.out.println("[document] " + (agrees ? "agrees   " : "DIFFERS  ") + kind.id() + ": \"" + entry.problem()
                    + "\" (line " + entry.at().line() + ") says \"" + claimed + "\"; really: " + really);
            if (!agrees) {
                found.add(new DocumentFinding("symptom-differs", kind.id() + ": the document says \"" + claimed
                        + "\"; really: " + really, List.of(new DocumentFinding.Place(document + ": " + entry.problem(),
                        entry.at().line(), entry.symptom().strip()))));
            }
        }
        return found;
    }

    /** A problem's symptom as one line, without the prompts of the commands it shows typed. */
    private static String claimed(TroubleshootingEntry entry) {
        return entry.symptom().lines().map(String::strip).filter(l -> !l.isEmpty() && !PROMPTED.matcher(l).find())
                .collect(Collectors.joining(" ")).replaceAll("\\s+", " ");
    }

    private String tryToAllocate() {
        return onTheServer(session -> {
            String before = session.exec(io.labcheck.diagnose.KernelMemory.OOM_KILLS, Duration.ofSeconds(10)).stdout().strip();
            ExecResult r = session.exec("python3 -c 'b = bytearray(256 * 1024 * 1024); print(\"allocated\")'",
                    Duration.ofSeconds(60));
            String after = session.exec(io.labcheck.diagnose.KernelMemory.OOM_KILLS, Duration.ofSeconds(10)).stdout().strip();
            String outcome = r.exitCode() == 0 ? "the allocation went through" : "python3 ended with exit " + r.exitCode()
                    + (r.exitSignal() == null ? "" : " (signal " + r.exitSignal() + ", the shell says \"Killed\")");
            String lastLine = r.stderr().strip().lines().reduce((a, b) -> b).orElse("");
            String killer = before.equals(after) ? "" : "; the kernel's OOM killer killed a process (oom_kill " + before
                    + " -> " + after + ")";
            return "python3 allocating 256 MiB: " + outcome + (lastLine.isEmpty() ? "" : " (" + lastLine + ")") + killer;
        });
    }

    /**
     * What pip says outside the venv about what the app runs on: the modules the diagnosis read from the app's
     * command and its log, taken as package names ({@code uvicorn}, {@code flask}); nothing when none is known.
     */
    private Optional<String> pipOutsideTheVenv(List<String> modules) {
        if (modules.isEmpty()) {
            return Optional.empty();
        }
        String packages = String.join(" ", modules);
        return Optional.of(onTheServer(session -> "pip install " + packages + " outside the venv -> " + session.exec(
                "pip install --dry-run " + packages + " 2>&1 | head -3", Duration.ofMinutes(2)).stdout().strip()
                .replace('\n', ' ')));
    }

    private interface OnServer {
        String look(SshSession session) throws Exception;
    }

    private String onTheServer(OnServer look) {
        try (SshConnector ssh = new SshConnector();
             SshSession session = ssh.connect(new SshTarget(deployment.publicIp().orElseThrow(), 22, run.loginUser(),
                     run.keyFile()), Duration.ofSeconds(10))) {
            return look.look(session);
        } catch (Exception e) {
            // the harness's own look failed: a failure of this run, never a claim about the document
            throw new IllegalStateException("could not try on the server what the student would: " + e.getMessage(), e);
        }
    }

    /**
     * The lab's swap fix for running out of memory, proved to help (see {@link SwapFix}); its evidence lines. Not
     * runnable here when the lab's troubleshooting gives none.
     */
    public List<String> proveSwapFix() {
        SwapFix fix = SwapFix.of(deployment, DocumentedFaults.find(FaultKind.OUT_OF_MEMORY, troubleshooting)
                .map(DocumentedFaults.Place::entry)).orElseThrow(() -> new NotRunnableHere("the lab's troubleshooting"
                        + " gives no swap fix (swapon) for running out of memory"));
        try (SshConnector ssh = new SshConnector();
             SshSession session = ssh.connect(new SshTarget(deployment.publicIp().orElseThrow(), 22, run.loginUser(),
                     run.keyFile()), Duration.ofSeconds(10))) {
            return fix.prove(session);
        } catch (java.io.IOException | io.labcheck.ssh.SshFailure e) {
            throw new StepFailure("could not try the document's swap fix on the server: " + e.getMessage());
        }
    }

    /** Reverts whatever a failed cycle left in (or fails), and closes the diagnosis. */
    @Override
    public void close() {
        try {
            faults.close();
        } finally {
            diagnosis.close();
        }
    }
}

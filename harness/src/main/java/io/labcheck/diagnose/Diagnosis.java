package io.labcheck.diagnose;

import io.labcheck.cloud.IngressRules;
import io.labcheck.host.MemoryReading;
import io.labcheck.ssh.ExecResult;
import io.labcheck.ssh.KeyFileMode;
import io.labcheck.ssh.SshConnector;
import io.labcheck.ssh.SshFailure;
import io.labcheck.ssh.SshSession;
import io.labcheck.ssh.SshTarget;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

/**
 * Looks at a deployment the way a student could, blind to what was done to it: the key file on their
 * machine, the cloud API, TCP and HTTP from outside, ssh and curl as they would type them, and the
 * server over SSH when they can get in. Independent probes run in parallel, each with a short bound,
 * so a dead server is diagnosed in seconds. The rules then turn the evidence into findings.
 *
 * <p>Every probe's outcome is kept ({@link Probe}): "nothing wrong" is said only when every probe that applies
 * answered and showed health. A probe that failed or timed out makes the verdict "could not check", never
 * silence; an answer that shows trouble no rule names makes it "unexplained".
 */
public final class Diagnosis implements AutoCloseable {
    static final Duration CONNECT = Duration.ofSeconds(2);
    /** A login past the TCP connect: key exchange and authentication, which a loaded 2-core machine can take seconds over. */
    static final Duration SSH_LOGIN = Duration.ofSeconds(15);
    static final Duration COMMAND = Duration.ofSeconds(10);
    /** How long all the probes together may take: past it, those still looking are reported as timed out. */
    static final Duration ALL_PROBES = Duration.ofSeconds(60);
    private static final java.util.regex.Pattern UNIT_START = java.util.regex.Pattern.compile("systemctl\\s+(?:re)?start\\s+([\\w@.-]+)");

    /** What the probes add up to. */
    public enum Verdict {
        /** every probe that applies answered, and what each saw is what a working deployment shows */
        HEALTHY,
        /** something is wrong, and the findings say what */
        FINDINGS,
        /** no finding, but some probe could not look: health is not shown */
        INCOMPLETE,
        /** no finding, yet a probe saw trouble that no rule names */
        UNEXPLAINED
    }

    /** What a diagnosis found, the evidence, and how long it took. */
    public record Report(List<Finding> findings, Observations observations, Duration took) {
        public Verdict verdict() {
            if (!findings.isEmpty()) {
                return Verdict.FINDINGS;
            }
            List<Probe> probes = observations.probes();
            if (probes.stream().noneMatch(Probe::answered) || probes.stream().anyMatch(p -> !p.settled())) {
                return Verdict.INCOMPLETE;
            }
            return probes.stream().allMatch(Probe::showsHealth) ? Verdict.HEALTHY : Verdict.UNEXPLAINED;
        }

        /** Nothing wrong, and shown: every probe that applies answered and saw health. */
        public boolean healthy() {
            return verdict() == Verdict.HEALTHY;
        }

        public List<String> codes() {
            return findings.stream().map(Finding::code).toList();
        }

        /** "could not check X: why" for each probe that did not answer. */
        public List<String> couldNotCheck() {
            return observations.probes().stream().filter(p -> !p.settled())
                    .map(p -> "could not check " + p.name() + ": " + p.outcome() + (p.detail().isEmpty() ? ""
                            : ", " + p.detail())).toList();
        }

        private String skipped() {
            List<String> skipped = observations.probes().stream().filter(p -> p.outcome() == Probe.Outcome.SKIPPED)
                    .map(Probe::name).toList();
            return skipped.isEmpty() ? "" : " (not looked at: " + String.join(", ", skipped) + ")";
        }

        /** The verdict in one line, for a student and for a failing test. */
        public String summary() {
            return switch (verdict()) {
                case HEALTHY -> "nothing wrong: all " + observations.probes().stream().filter(Probe::answered).count()
                        + " probes answered and showed health" + skipped();
                case FINDINGS -> "found: " + codes();
                case INCOMPLETE -> observations.probes().isEmpty() ? "could not check anything: no probe ran"
                        : String.join("; ", couldNotCheck());
                case UNEXPLAINED -> "something is wrong that no rule names: " + observations.probes().stream()
                        .filter(p -> !p.showsHealth()).map(Probe::toString).collect(java.util.stream.Collectors.joining("; "));
            };
        }
    }

    private final Set<Rule> rules;
    private final Set<String> broken;
    private final ExecutorService probes;
    private final SshConnector ssh;

    public Diagnosis() {
        this(EnumSet.allOf(Rule.class));
    }

    /** A diagnosis with only {@code rules}: the suite's mutation check turns one off to see the suite fail. */
    public Diagnosis(Set<Rule> rules) {
        this(rules, Set.of());
    }

    /**
     * A diagnosis whose probes named in {@code broken} fail as soon as they start, as a probe does whose tool is
     * missing or whose connection drops: the test that "could not check" is never read as health.
     */
    Diagnosis(Set<Rule> rules, Set<String> broken) {
        this(rules, broken, new io.labcheck.ssh.KnownHosts());
    }

    /** A diagnosis whose logins trust and record host keys in {@code knownHosts} (a student's, kept across runs). */
    public Diagnosis(io.labcheck.ssh.KnownHosts knownHosts) {
        this(EnumSet.allOf(Rule.class), Set.of(), knownHosts);
    }

    private Diagnosis(Set<Rule> rules, Set<String> broken, io.labcheck.ssh.KnownHosts knownHosts) {
        this.ssh = new SshConnector(knownHosts);
        this.rules = rules.isEmpty() ? EnumSet.noneOf(Rule.class) : EnumSet.copyOf(rules);
        this.broken = Set.copyOf(broken);
        AtomicInteger n = new AtomicInteger();
        this.probes = Executors.newFixedThreadPool(6, r -> {
            Thread t = new Thread(r, "labcheck-probe-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The names of the probes a diagnosis of {@code subject} takes when everything answers, in order. */
    public static List<String> probeNames(Subject subject) {
        List<String> names = new ArrayList<>(List.of(Probes.KEY, Probes.INSTANCE, Probes.GROUPS, Probes.ADDRESSES));
        if (subject.hasSite()) {
            names.add(Probes.DNS);
        }
        names.addAll(List.of(Probes.port(subject.sshPort()), Probes.SSH));
        if (subject.hasApp()) {
            names.addAll(List.of(Probes.port(subject.appPort()), Probes.CURL));
        }
        names.add(Probes.LOGIN);
        if (subject.hasApp()) {
            names.addAll(List.of(Probes.listeners(subject.appPort()), Probes.FIREWALL));
        }
        names.addAll(List.of(Probes.MEMORY, Probes.LOG, Probes.CONTAINERS));
        if (subject.hasApp()) {
            names.add(Probes.MODULES);
        }
        names.add(Probes.PROCESSES);
        return names;
    }

    public Report run(Subject subject) {
        long t0 = System.nanoTime();
        Observations o = new Observations();
        // First what needs nothing: the key file and the API (which also gives the address).
        List<CompletableFuture<Void>> outside = new ArrayList<>();
        outside.add(look(o, Probes.KEY, () -> keyFile(subject, o)));
        if (subject.ec2() == null) {
            String why = "no cloud credentials: the instance's state, its security groups and Elastic IPs were not"
                    + " looked at (credentials in the SDK's default chain, or an endpoint, let them be)";
            for (String name : List.of(Probes.INSTANCE, Probes.GROUPS, Probes.ADDRESSES)) {
                o.record(Probe.skipped(name, why));
            }
            o.publicIp = subject.host();
        } else {
            look(o, Probes.INSTANCE, () -> instance(subject, o)).join();
        }
        if (subject.hasSite()) {
            outside.add(look(o, Probes.DNS, () -> dns(subject, o)));
        }
        if (o.publicIp == null) {
            String why = o.instanceState == null ? "the API did not say where the instance is"
                    : "the instance has no public address (it is " + o.instanceState + ")";
            for (String name : List.of(Probes.GROUPS, Probes.ADDRESSES)) {
                outside.add(look(o, name, () -> name.equals(Probes.GROUPS) ? groups(subject, o) : addresses(o, subject)));
            }
            notRun(o, why, Probes.port(subject.sshPort()), Probes.SSH, Probes.LOGIN);
            if (subject.hasApp()) {
                notRun(o, why, Probes.port(subject.appPort()), Probes.CURL);
            }
        } else {
            if (subject.ec2() != null) {
                outside.add(look(o, Probes.GROUPS, () -> groups(subject, o)));
                outside.add(look(o, Probes.ADDRESSES, () -> addresses(o, subject)));
            }
            int sshPort = subject.sshPort();
            // The server is looked at only if port 22 answers: a dropped port costs one connect bound, not a login's.
            outside.add(look(o, Probes.port(sshPort), () -> tcp(o, sshPort)).thenComposeAsync(v -> {
                if (o.reach.get(sshPort) == Reach.OPEN) {
                    return look(o, Probes.LOGIN, () -> server(subject, o));
                }
                notRun(o, "port " + sshPort + " " + (o.reach.get(sshPort) == null ? "was not reached"
                        : "is " + o.reach.get(sshPort)) + " from outside", Probes.LOGIN);
                return CompletableFuture.completedFuture(null);
            }, probes));
            outside.add(look(o, Probes.SSH, () -> {
                o.sshSymptom = StudentTools.ssh(subject.keyFile(), subject.loginUser(), o.publicIp, sshPort);
                o.note("tried: " + o.sshSymptom);
                return Probe.answered(Probes.SSH, o.sshSymptom.exitCode() == 0, o.sshSymptom.toString());
            }));
            if (subject.hasApp()) {
                outside.add(look(o, Probes.port(subject.appPort()), () -> tcp(o, subject.appPort())));
                outside.add(look(o, Probes.CURL, () -> {
                    o.httpSymptom = StudentTools.curl("http://" + o.publicIp + ":" + subject.appPort() + "/");
                    o.note("tried: " + o.httpSymptom);
                    // an answer of 5xx is the server's own error (a proxy whose upstream is down says 502)
                    return Probe.answered(Probes.CURL, o.httpSymptom.exitCode() == 0
                            && !o.httpSymptom.output().matches("(?s).*HTTP 5\\d\\d.*"), o.httpSymptom.toString());
                }));
            }
        }
        return conclude(subject, o, outside, t0);
    }

    /**
     * The diagnosis from the server itself ({@code --local}): the server's own probes through {@code shell}; what
     * only a computer outside sees (the key file, the cloud's API, the ports, ssh and HTTP from outside) is skipped,
     * saying so, since the server cannot see itself from outside.
     */
    public Report runHere(Subject subject, ServerShell shell) {
        long t0 = System.nanoTime();
        Observations o = new Observations();
        List<String> all = probeNames(subject);
        String why = "run on the server itself: what only a computer outside sees is not looked at (run it from your"
                + " computer with --host and --key for the key file, the cloud and the ports from outside)";
        for (String name : all.subList(0, all.indexOf(Probes.LOGIN))) {
            o.record(Probe.skipped(name, why));
        }
        o.sshOk = true;
        o.record(Probe.answered(Probes.LOGIN, true, "on the server itself, as " + subject.loginUser()));
        List<String> looks = all.subList(all.indexOf(Probes.LOGIN) + 1, all.size());
        CompletableFuture<Void> here = CompletableFuture.runAsync(() -> lookAround(shell, subject, o, looks), probes);
        return conclude(subject, o, List.of(here), t0);
    }

    /** Waits for the probes (bounded), marks what never ran and why, and applies the rules. */
    private Report conclude(Subject subject, Observations o, List<CompletableFuture<Void>> looking, long t0) {
        try {
            CompletableFuture.allOf(looking.toArray(CompletableFuture[]::new)).get(ALL_PROBES.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            // reported below, probe by probe
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            // each probe records its own failure
        }
        o.endLooking("still looking after " + ALL_PROBES.toSeconds() + " s, the bound for all probes together");
        for (String name : probeNames(subject)) {
            if (!o.ended(name)) {
                o.record(Probe.notRun(name, "what it needs did not answer (" + String.join("; ", o.probes().stream()
                        .filter(p -> !p.settled()).map(Probe::name).toList()) + ")"));
            }
        }
        List<Finding> findings = new ArrayList<>();
        for (Rule rule : rules) {
            rule.evaluate(o, subject).ifPresent(findings::add);
        }
        // A more specific cause explains the general one: say only the specific one.
        if (findings.stream().anyMatch(f -> f.code().equals(Rule.VENV_INACTIVE.code())
                || f.code().equals(Rule.CONTAINER_EXITED.code()))) {
            findings.removeIf(f -> f.code().equals(Rule.APP_NOT_RUNNING.code()));
        }
        return new Report(List.copyOf(findings), o, Duration.ofNanos(System.nanoTime() - t0));
    }

    /** A probe, run on the pool; what it returns (or why it threw) is its outcome, recorded under {@code name}. */
    private CompletableFuture<Void> look(Observations o, String name, java.util.concurrent.Callable<Probe> probe) {
        o.started(name);
        return CompletableFuture.runAsync(() -> {
            if (broken.contains(name)) {
                o.record(Probe.failed(name, "this probe was made to fail"));
                return;
            }
            try {
                o.record(probe.call());
            } catch (Exception e) {
                // A probe that fails gathers no evidence and never invents any; it says why it could not look.
                o.record(Probe.failed(name, e.getClass().getSimpleName() + (e.getMessage() == null ? ""
                        : ": " + e.getMessage().lines().findFirst().orElse(""))));
            }
        }, probes);
    }

    private static void notRun(Observations o, String why, String... names) {
        for (String name : names) {
            o.record(Probe.notRun(name, why));
        }
    }

    /** The key file as OpenSSH judges it: {@code ssh-keygen -y} loads it with the same permission check as ssh. */
    private static Probe keyFile(Subject s, Observations o) throws IOException {
        o.keyMode = Files.getPosixFilePermissions(s.keyFile());
        String mode = java.nio.file.attribute.PosixFilePermissions.toString(o.keyMode);
        o.note("workstation: " + s.keyFile().getFileName() + " mode " + mode);
        Symptom openssh = StudentTools.run("ssh-keygen", "-y", "-P", "", "-f", s.keyFile().toString());
        if (openssh.exitCode() == -1 && openssh.output().contains("not installed")) {
            o.note("workstation: ssh-keygen is not installed here; OpenSSH's rule applied to the mode instead");
            o.keyRefusal = KeyFileMode.tooOpen(s.keyFile()) ? "Permissions " + mode + " for '" + s.keyFile()
                    + "' are too open (OpenSSH's rule)" : null;
        } else {
            o.keyRefusal = openssh.output().lines().filter(l -> l.contains("are too open")).findFirst().orElse(null);
            if (o.keyRefusal == null && openssh.exitCode() != 0) {
                // not a mode problem: OpenSSH cannot load it at all (not a key, or it asks for a passphrase)
                String said = openssh.output().strip().replace(s.keyFile().toString(), s.keyFile().getFileName().toString());
                return Probe.answered(Probes.KEY, false, "mode " + mode + ", OpenSSH cannot load it without asking: "
                        + (said.contains("passphrase") ? "it is protected by a passphrase (ssh asks for it; labcheck"
                        + " does not: use a key without one, or ssh-add it to an agent first)"
                        : said.contains("invalid format") || said.contains("libcrypto") || said.contains("not a")
                        ? "it is not a private key OpenSSH knows (is it the .pem the console gave you?): " + said : said));
            }
        }
        return Probe.answered(Probes.KEY, o.keyRefusal == null, "mode " + mode + (o.keyRefusal == null
                ? ", OpenSSH loads it" : ", OpenSSH: " + o.keyRefusal));
    }

    private static Probe instance(Subject s, Observations o) {
        Instance i;
        if (s.instanceId() != null) {
            i = s.ec2().describeInstances(r -> r.instanceIds(s.instanceId())).reservations().get(0).instances().get(0);
        } else {
            // only the address is known: the instance that has it (a stopped one without an Elastic IP has none)
            String ip = io.labcheck.cloud.HostAddress.of(s.host());
            List<Instance> found = s.ec2().describeInstances(r -> r.filters(f -> f.name("ip-address").values(ip)))
                    .reservations().stream().flatMap(r -> r.instances().stream()).toList();
            if (found.isEmpty()) {
                // a stopped instance gives its public address back: the account's one stopped instance is the likely one
                List<Instance> stopped = s.ec2().describeInstances(r -> r.filters(f -> f.name("instance-state-name")
                                .values("stopped", "stopping"))).reservations().stream().flatMap(r -> r.instances().stream())
                        .toList();
                if (stopped.size() != 1) {
                    o.publicIp = s.host();
                    return Probe.answered(Probes.INSTANCE, false, "no instance of this account and region has the public"
                            + " address " + s.host() + " (a stopped instance without an Elastic IP has none)"
                            + (stopped.isEmpty() ? "" : "; stopped: " + String.join(", ", stopped.stream()
                            .map(Instance::instanceId).toList())));
                }
                i = stopped.get(0);
                o.note("API: no instance has " + s.host() + "; the account's one stopped instance, " + i.instanceId()
                        + ", gave its public address back when it stopped");
            } else {
                i = found.get(0);
            }
        }
        o.instanceId = i.instanceId();
        o.instanceState = i.state().nameAsString();
        o.publicIp = i.publicIpAddress();
        o.groupIds = i.securityGroups().stream().map(g -> g.groupId()).toList();
        String seen = i.instanceId() + " is " + o.instanceState + ", public IP " + (o.publicIp == null ? "none" : o.publicIp);
        o.note("API: " + seen);
        return Probe.answered(Probes.INSTANCE, "running".equals(o.instanceState) && o.publicIp != null, seen);
    }

    private static Probe groups(Subject s, Observations o) {
        List<String> ids = o.groupIds == null ? List.of() : o.groupIds;
        if (ids.isEmpty()) {
            return Probe.answered(Probes.GROUPS, false, "the instance is in no security group");
        }
        o.groupId = ids.get(0);
        List<SecurityGroup> groups = s.ec2().describeSecurityGroups(r -> r.groupIds(ids)).securityGroups();
        List<Integer> ports = s.hasApp() ? List.of(s.sshPort(), s.appPort()) : List.of(s.sshPort());
        for (int port : ports) {
            List<String> admitting = new ArrayList<>();
            List<String> sources = new ArrayList<>();
            for (SecurityGroup g : groups) {
                for (IpPermission p : g.ipPermissions()) {
                    if (IngressRules.admits(p, port)) {
                        p.ipRanges().forEach(r -> sources.add(r.cidrIp()));
                        admitting.add(g.groupId() + " " + (p.ipProtocol().equals("-1") ? "all traffic"
                                : "tcp " + p.fromPort() + "-" + p.toPort()) + " from "
                                + p.ipRanges().stream().map(r -> r.cidrIp()).toList());
                    }
                }
            }
            o.ingress.put(port, !admitting.isEmpty());
            o.ingressSources.put(port, List.copyOf(sources));
            o.ingressDetail.put(port, admitting.isEmpty() ? "no inbound rule of " + ids + " admits port " + port
                    : "port " + port + " admitted by " + admitting);
            o.note("API: " + o.ingressDetail.get(port));
        }
        return Probe.answered(Probes.GROUPS, ports.stream().allMatch(o.ingress::get), ports.stream()
                .map(o.ingressDetail::get).collect(java.util.stream.Collectors.joining("; ")));
    }

    /** The account's Elastic IPs, as {@code aws ec2 describe-addresses} lists them. */
    private static Probe addresses(Observations o, Subject s) {
        o.addresses = s.ec2().describeAddresses().addresses();
        String seen = "Elastic IPs: " + (o.addresses.isEmpty() ? "none" : o.addresses.stream()
                .map(a -> a.publicIp() + " " + (a.instanceId() == null ? "associated with nothing" : "on " + a.instanceId()))
                .collect(java.util.stream.Collectors.joining(", ")));
        o.note("API: " + seen);
        return Probe.answered(Probes.ADDRESSES, o.addresses.stream().allMatch(a -> a.instanceId() != null
                || a.associationId() != null), seen);
    }

    private static Probe tcp(Observations o, int port) {
        Reach r;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(o.publicIp, port), (int) CONNECT.toMillis());
            r = Reach.OPEN;
        } catch (java.net.UnknownHostException e) {
            return Probe.failed(Probes.port(port), o.publicIp + " does not resolve to an address: check the name (or give"
                    + " the server's IP address)");
        } catch (SocketTimeoutException e) {
            r = Reach.TIMEOUT;
        } catch (java.net.ConnectException e) {
            r = e.getMessage() != null && e.getMessage().contains("refused") ? Reach.REFUSED : Reach.TIMEOUT;
        } catch (IOException e) {
            r = Reach.TIMEOUT;
        }
        o.reach.put(port, r);
        o.note("from outside: " + o.publicIp + ":" + port + " " + r);
        return Probe.answered(Probes.port(port), r == Reach.OPEN, o.publicIp + ":" + port + " " + r);
    }

    /** Logs in as the student would and looks around: listeners, memory, the app's log, the biggest process. */
    private Probe server(Subject s, Observations o) {
        List<String> all = probeNames(s);
        List<String> looks = new ArrayList<>(all.subList(all.indexOf(Probes.LOGIN) + 1, all.size()));
        try (SshSession session = ssh.connect(new SshTarget(o.publicIp, s.sshPort(), s.loginUser(), s.keyFile()), SSH_LOGIN)) {
            o.sshOk = true;
            o.note("ssh: logged in as " + s.loginUser());
            lookAround(session::exec, s, o, looks);
            return Probe.answered(Probes.LOGIN, true, "logged in as " + s.loginUser());
        } catch (SshFailure e) {
            o.sshOk = false;
            o.sshFailure = e.kind();
            o.sshMessage = e.getMessage();
            o.note("ssh: " + e.kind());
            looks.forEach(name -> o.record(Probe.notRun(name, "no login: " + e.kind())));
            return Probe.answered(Probes.LOGIN, false, "ssh: " + e.forStudent());
        } catch (RuntimeException e) {
            looks.stream().filter(name -> !o.ended(name))
                    .forEach(name -> o.record(Probe.notRun(name, "the login failed: " + e.getMessage())));
            throw e;
        }
    }

    /** The server's probes, one after the other through one shell. */
    private void lookAround(ServerShell shell, Subject s, Observations o, List<String> looks) {
        for (String name : looks) {
            o.started(name);
            if (broken.contains(name)) {
                o.record(Probe.failed(name, "this probe was made to fail"));
                continue;
            }
            try {
                o.record(onServer(name, shell, s, o));
            } catch (IOException | RuntimeException e) {
                o.record(Probe.failed(name, "the server's shell answered no more: " + e.getMessage()));
            }
        }
    }

    private static Probe onServer(String name, ServerShell session, Subject s, Observations o) throws IOException {
        if (name.equals(Probes.listeners(s.appPort()))) {
            ExecResult ss = session.exec(Listeners.command(s.appPort()), COMMAND);
            if (ss.exitCode() != 0) {
                return Probe.failed(name, "ss exited " + ss.exitCode() + ": " + ss.stderr().strip());
            }
            o.listeners = Listeners.read(ss.stdout());
            o.note("server: port " + s.appPort() + " listeners: " + (o.listeners.isBlank() ? "none" : o.listeners));
            boolean reachable = Listeners.reachable(o.listeners);
            return Probe.answered(name, reachable, o.listeners.isBlank() ? "nothing listens"
                    : o.listeners.replace('\n', ' '));
        }
        if (name.equals(Probes.FIREWALL)) {
            ExecResult ufw = session.exec(Firewall.COMMAND, COMMAND);
            Firewall f = Firewall.read(ufw.stdout());
            if (f.state() == Firewall.State.UNREADABLE) {
                return Probe.failed(name, "ufw status: " + f.shown());
            }
            o.firewall = f;
            o.note("server: sudo ufw status: " + f.shown());
            return Probe.answered(name, !f.blocks(s.appPort()).orElse(false), f.shown());
        }
        if (name.equals(Probes.MEMORY)) {
            ExecResult mem = session.exec(MemoryReading.COMMAND, COMMAND);
            if (mem.exitCode() != 0) {
                return Probe.failed(name, "reading memory exited " + mem.exitCode() + ": " + mem.stderr().strip());
            }
            o.memory = MemoryReading.parse(mem.stdout());
            o.note("server: memory " + o.memory);
            ExecResult kills = session.exec(KernelMemory.OOM_KILLS, COMMAND);
            if (kills.exitCode() == 0 && kills.stdout().strip().matches("\\d+")) {
                o.oomKills = Long.parseLong(kills.stdout().strip());
                o.note("server: the kernel's OOM killer has killed " + o.oomKills + " processes since boot");
            }
            return Probe.answered(name, !Rule.nearlyExhausted(o.memory), o.memory.toString());
        }
        if (name.equals(Probes.LOG)) {
            // a unit's app logs to the journal: its latest start's lines, what 'journalctl -u' shows a student last
            java.util.regex.Matcher unit = UNIT_START.matcher(s.appStartCommand());
            String journal = unit.find() ? "; journalctl -u " + unit.group(1) + " -n 20 --no-pager -o cat _SYSTEMD_INVOCATION_ID=$("
                    + "systemctl show -p InvocationID --value " + unit.group(1) + ")" : "";
            ExecResult log = session.exec("{ tail -n 5 ~/*.log ~/*/*.log ~/nohup.out ~/*/nohup.out" + journal + "; } 2>/dev/null"
                    + " | grep -m1 -E '" + AppLog.STARTUP_FAILURES + "'", COMMAND);
            if (log.exitCode() == 0 && !log.stdout().isBlank()) {
                o.appLogError = log.stdout().strip();
                o.note("server: the app's log says: " + o.appLogError);
            }
            return Probe.context(name, o.appLogError == null ? "no start-up failure in the app's log" : o.appLogError);
        }
        if (name.equals(Probes.MODULES)) {
            java.util.regex.Matcher unit = UNIT_START.matcher(s.appStartCommand());
            String unitName = unit.find() ? unit.group(1) : null;
            AppProgram app = AppProgram.of(s.appCommand());
            if (app.program().isEmpty() && unitName != null) {
                // the app's command is not known, its unit is: what its ExecStart runs, as 'systemctl cat' shows it
                String execStart = session.exec("systemctl show -p ExecStart --value " + unitName
                        + " | sed -n 's/.*argv\\[\\]=\\([^;]*\\) ;.*/\\1/p' | head -1", COMMAND).stdout().strip();
                app = AppProgram.of(execStart);
                o.note("server: the " + unitName + " unit runs " + (execStart.isEmpty() ? "nothing systemctl shows" : execStart));
            }
            return pythonModules(session, app.withLog(o.appLogError), unitName, o);
        }
        if (name.equals(Probes.CONTAINERS)) {
            return containers(session, s, o);
        }
        if (name.equals(Probes.PROCESSES)) {
            ExecResult top = session.exec("ps -eo rss=,args= --sort=-rss | head -1", COMMAND);
            if (top.exitCode() != 0 || top.stdout().isBlank()) {
                return Probe.failed(name, "ps exited " + top.exitCode());
            }
            String[] parts = top.stdout().strip().split("\\s+", 2);
            o.biggestProcess = (Long.parseLong(parts[0]) >> 10) + " MiB: " + (parts.length > 1 ? parts[1] : "?");
            o.note("server: biggest process " + o.biggestProcess);
            return Probe.context(name, o.biggestProcess);
        }
        throw new IllegalStateException("no server probe named " + name);
    }

    /**
     * The containers as {@code docker ps -a} shows them, and for the first that is failing, its line there and its last
     * log lines. A container up moments after a restart is looked at again (bounded), since a restart loop shows "Up"
     * for as long as each round's process takes to fail.
     */
    private static Probe containers(ServerShell session, Subject s, Observations o) throws IOException {
        Containers.Listing l = list(session);
        for (int look = 0; look < 3 && l.docker() && l.refused().isEmpty() && l.firstFailing().isEmpty()
                && l.anyJustRestarted(); look++) {
            sleepQuietly(1000);
            l = l.then(list(session));
        }
        if (!l.docker()) {
            o.containers = l;
            return Probe.context(Probes.CONTAINERS, "no docker command on the server");
        }
        if (!l.refused().isEmpty()) {
            return Probe.failed(Probes.CONTAINERS, "the Docker engine would not list its containers for " + s.loginUser()
                    + ": " + l.refused());
        }
        o.containers = l;
        o.note("server: containers: " + (l.containers().isEmpty() ? "none" : l.containers().stream()
                .map(Containers.Container::toString).collect(java.util.stream.Collectors.joining("; "))));
        java.util.Optional<Containers.Container> failing = l.firstFailing();
        if (failing.isPresent()) {
            String name = failing.get().name();
            String status = "";
            String log = "";
            for (int look = 0; look < 4; look++) {
                // the words a student reads; a restart loop's "Up" for a moment is not them
                String[] parts = session.exec(Containers.statusAndLogs(name), COMMAND).stdout().split("--- logs\n?", 2);
                status = parts[0].strip();
                log = parts.length > 1 ? parts[1].strip() : "";
                if (!status.matches("(?s)\\S+\\s+Up\\b.*")) {
                    break;
                }
                sleepQuietly(500);
            }
            o.containerStatus = status;
            o.containerLog = log.lines().map(String::strip).filter(x -> !x.isEmpty()).toList();
            o.note("server: docker ps -a: " + status);
            o.note("server: docker logs --tail 5 " + name + ": " + String.join(" / ", o.containerLog));
        }
        return Probe.answered(Probes.CONTAINERS, failing.isEmpty(), l.containers().isEmpty() ? "no containers"
                : l.containers().stream().map(c -> c.name() + " " + c.state()).collect(java.util.stream.Collectors.joining(", ")));
    }

    private static Containers.Listing list(ServerShell session) throws IOException {
        ExecResult r = session.exec(Containers.LIST, COMMAND);
        if (r.exitCode() != 0) {
            throw new IOException("listing the containers exited " + r.exitCode() + ": " + r.stderr().strip());
        }
        return Containers.read(r.stdout());
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the student's resolver answers for each of the site's names, as {@code dig +short NAME} prints it. */
    private static Probe dns(Subject s, Observations o) throws javax.naming.NamingException {
        List<String> seen = new ArrayList<>();
        for (String name : s.site().names()) {
            List<String> a = DnsLookup.a(name, s.site().dnsServer());
            o.dnsAnswers.put(name, a);
            String line = "dig +short " + name + ": " + (a.isEmpty() ? "(no address)" : String.join(" ", a));
            o.note("from outside: " + line);
            seen.add(line);
        }
        boolean pointsHere = o.publicIp != null && o.dnsAnswers.values().stream().allMatch(a -> a.contains(o.publicIp));
        return Probe.answered(Probes.DNS, pointsHere, String.join("; ", seen));
    }

    /**
     * Where the app's Python modules import: in which venvs of the login user's home, and whether in the system
     * python, which is what runs when no venv is active.
     */
    private static Probe pythonModules(ServerShell session, AppProgram app, String unit, Observations o) throws IOException {
        o.appModules = app.modules();
        if (app.modules().isEmpty()) {
            String why = "which Python modules the app needs is known neither from its command (it runs "
                    + (app.program().isEmpty() ? "nothing named" : app.program()) + ") nor from its log";
            o.note("server: " + why);
            return Probe.context(Probes.MODULES, why);
        }
        String imports = "import " + String.join(", ", app.modules()); // identifiers only: safe in single quotes
        // read-only: importing must not leave __pycache__ behind on the student's server
        ExecResult venvs = session.exec("export PYTHONDONTWRITEBYTECODE=1; for d in ~/*/ ~/*/*/ ~/.venv/ ~/*/.venv/; do [ -x \"$d/bin/python\" ] && [ -f \"$d/bin/activate\" ]"
                + " && \"$d/bin/python\" -c '" + imports + "' 2>/dev/null && echo \"${d%/}\"; done", COMMAND);
        o.venvsWithApp = venvs.stdout().strip();
        o.systemPythonHasApp = session.exec("PYTHONDONTWRITEBYTECODE=1 /usr/bin/python3 -c '" + imports + "'", COMMAND)
                .exitCode() == 0;
        String seen = "venvs with " + String.join(" and ", app.modules()) + ": " + (o.venvsWithApp.isEmpty() ? "none"
                : o.venvsWithApp.replace('\n', ' ')) + "; /usr/bin/python3 has " + (app.modules().size() == 1 ? "it" : "them")
                + ": " + o.systemPythonHasApp;
        if (unit != null) {
            // the interpreter the unit really runs: its ExecStart's program, or the one a script's #! line names
            ExecResult python = session.exec("p=$(systemctl show -p ExecStart --value " + unit + " | sed -n 's/.*path=\\([^ ;]*\\).*/\\1/p'"
                    + " | head -1); case \"$p\" in */python*) echo \"$p\";; ?*) head -1 \"$p\" | sed -n 's/^#! *\\([^ ]*\\).*/\\1/p';; esac",
                    COMMAND);
            String interpreter = python.stdout().strip();
            if (!interpreter.isEmpty()) {
                o.unitInterpreter = interpreter;
                o.unitInterpreterHasApp = session.exec("PYTHONDONTWRITEBYTECODE=1 " + interpreter + " -c '" + imports + "'",
                        COMMAND).exitCode() == 0;
                seen += "; the " + unit + " unit runs " + interpreter + ", which has " + (app.modules().size() == 1 ? "it" : "them")
                        + ": " + o.unitInterpreterHasApp;
                o.note("server: the " + unit + " unit runs " + interpreter + "; it imports " + String.join(" and ",
                        app.modules()) + ": " + o.unitInterpreterHasApp);
            }
        }
        if (!o.venvsWithApp.isEmpty()) {
            o.note("server: " + seen);
        }
        return Probe.context(Probes.MODULES, seen);
    }

    @Override
    public void close() {
        ssh.close();
        probes.shutdownNow();
    }
}

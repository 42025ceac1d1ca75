package io.labcheck.diagnose;

import io.labcheck.cloud.IngressRules;
import io.labcheck.host.MemoryReading;
import io.labcheck.ssh.ExecResult;
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
 */
public final class Diagnosis implements AutoCloseable {
    static final Duration CONNECT = Duration.ofSeconds(2);
    static final Duration SSH_LOGIN = Duration.ofSeconds(5);
    static final Duration COMMAND = Duration.ofSeconds(10);
    private static final java.util.regex.Pattern UNIT_START = java.util.regex.Pattern.compile("systemctl\\s+(?:re)?start\\s+([\\w@.-]+)");

    /** What a diagnosis found, the evidence, and how long it took. */
    public record Report(List<Finding> findings, Observations observations, Duration took) {
        public boolean healthy() {
            return findings.isEmpty();
        }

        public List<String> codes() {
            return findings.stream().map(Finding::code).toList();
        }
    }

    private final Set<Rule> rules;
    private final ExecutorService probes;
    private final SshConnector ssh = new SshConnector();

    public Diagnosis() {
        this(EnumSet.allOf(Rule.class));
    }

    /** A diagnosis with only {@code rules}: the suite's mutation check turns one off to see the suite fail. */
    public Diagnosis(Set<Rule> rules) {
        this.rules = rules.isEmpty() ? EnumSet.noneOf(Rule.class) : EnumSet.copyOf(rules);
        AtomicInteger n = new AtomicInteger();
        this.probes = Executors.newFixedThreadPool(6, r -> {
            Thread t = new Thread(r, "labcheck-probe-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public Report run(Subject subject) {
        long t0 = System.nanoTime();
        Observations o = new Observations();
        // First what needs nothing: the key file and the API (which also gives the address).
        CompletableFuture<Void> key = async(() -> keyFile(subject, o));
        cloud(subject, o);
        List<CompletableFuture<Void>> outside = new ArrayList<>(List.of(key));
        if (o.publicIp != null) {
            // The server is looked at only if port 22 answers: a dropped port costs one connect bound, not a login's.
            CompletableFuture<Void> ssh22 = async(() -> tcp(o, 22));
            outside.add(ssh22.thenRunAsync(() -> {
                if (o.reach.get(22) == Reach.OPEN) {
                    server(subject, o);
                }
            }, probes));
            outside.add(async(() -> {
                o.sshSymptom = StudentTools.ssh(subject.keyFile(), subject.loginUser(), o.publicIp);
                o.note("tried: " + o.sshSymptom);
            }));
            if (subject.hasApp()) {
                outside.add(async(() -> tcp(o, subject.appPort())));
                outside.add(async(() -> {
                    o.httpSymptom = StudentTools.curl("http://" + o.publicIp + ":" + subject.appPort() + "/");
                    o.note("tried: " + o.httpSymptom);
                }));
            }
        }
        CompletableFuture.allOf(outside.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS)
                .exceptionally(e -> null).join();
        List<Finding> findings = new ArrayList<>();
        for (Rule rule : rules) {
            rule.evaluate(o, subject).ifPresent(findings::add);
        }
        // A more specific cause explains the general one: say only the specific one.
        if (findings.stream().anyMatch(f -> f.code().equals(Rule.VENV_INACTIVE.code()))) {
            findings.removeIf(f -> f.code().equals(Rule.APP_NOT_RUNNING.code()));
        }
        return new Report(List.copyOf(findings), o, Duration.ofNanos(System.nanoTime() - t0));
    }

    private CompletableFuture<Void> async(Runnable probe) {
        return CompletableFuture.runAsync(() -> {
            try {
                probe.run();
            } catch (RuntimeException e) {
                // A probe that fails gathers no evidence; it never invents any.
            }
        }, probes);
    }

    private static void keyFile(Subject s, Observations o) {
        try {
            o.keyMode = Files.getPosixFilePermissions(s.keyFile());
            o.note("workstation: " + s.keyFile().getFileName() + " mode "
                    + java.nio.file.attribute.PosixFilePermissions.toString(o.keyMode));
        } catch (IOException | UnsupportedOperationException e) {
            o.note("workstation: cannot read the mode of " + s.keyFile() + ": " + e.getMessage());
        }
    }

    private static void cloud(Subject s, Observations o) {
        Instance i = s.ec2().describeInstances(r -> r.instanceIds(s.instanceId())).reservations().get(0).instances().get(0);
        o.instanceState = i.state().nameAsString();
        o.publicIp = i.publicIpAddress();
        o.note("API: " + s.instanceId() + " is " + o.instanceState + ", public IP " + (o.publicIp == null ? "none" : o.publicIp));
        addresses(s, o);
        List<String> ids = i.securityGroups().stream().map(g -> g.groupId()).toList();
        if (ids.isEmpty()) {
            return;
        }
        o.groupId = ids.get(0);
        List<SecurityGroup> groups = s.ec2().describeSecurityGroups(r -> r.groupIds(ids)).securityGroups();
        for (int port : s.hasApp() ? List.of(22, s.appPort()) : List.of(22)) {
            List<String> admitting = new ArrayList<>();
            for (SecurityGroup g : groups) {
                for (IpPermission p : g.ipPermissions()) {
                    if (IngressRules.admits(p, port)) {
                        admitting.add(g.groupId() + " " + (p.ipProtocol().equals("-1") ? "all traffic"
                                : "tcp " + p.fromPort() + "-" + p.toPort()) + " from "
                                + p.ipRanges().stream().map(r -> r.cidrIp()).toList());
                    }
                }
            }
            o.ingress.put(port, !admitting.isEmpty());
            o.ingressDetail.put(port, admitting.isEmpty() ? "no inbound rule of " + ids + " admits port " + port
                    : "port " + port + " admitted by " + admitting);
            o.note("API: " + o.ingressDetail.get(port));
        }
    }

    /** The account's Elastic IPs, as {@code aws ec2 describe-addresses} lists them; none gathered when the API cannot say. */
    private static void addresses(Subject s, Observations o) {
        try {
            o.addresses = s.ec2().describeAddresses().addresses();
        } catch (RuntimeException e) {
            o.note("API: describe-addresses failed: " + e.getMessage());
            return;
        }
        o.note("API: Elastic IPs: " + (o.addresses.isEmpty() ? "none" : o.addresses.stream()
                .map(a -> a.publicIp() + " " + (a.instanceId() == null ? "associated with nothing" : "on " + a.instanceId()))
                .collect(java.util.stream.Collectors.joining(", "))));
    }

    private static void tcp(Observations o, int port) {
        Reach r;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(o.publicIp, port), (int) CONNECT.toMillis());
            r = Reach.OPEN;
        } catch (SocketTimeoutException e) {
            r = Reach.TIMEOUT;
        } catch (java.net.ConnectException e) {
            r = e.getMessage() != null && e.getMessage().contains("refused") ? Reach.REFUSED : Reach.TIMEOUT;
        } catch (IOException e) {
            r = Reach.TIMEOUT;
        }
        o.reach.put(port, r);
        o.note("from outside: " + o.publicIp + ":" + port + " " + r);
    }

    /** Logs in as the student would and looks around: listeners, memory, the biggest process. */
    private void server(Subject s, Observations o) {
        try (SshSession session = ssh.connect(new SshTarget(o.publicIp, 22, s.loginUser(), s.keyFile()), SSH_LOGIN)) {
            o.sshOk = true;
            o.note("ssh: logged in as " + s.loginUser());
            ExecResult ss = s.hasApp() ? session.exec("ss -Hltn 'sport = :" + s.appPort() + "' | awk '{print $4}'", COMMAND)
                    : null;
            if (ss != null && ss.exitCode() == 0) {
                o.listeners = ss.stdout().strip();
                o.note("server: port " + s.appPort() + " listeners: " + (o.listeners.isBlank() ? "none" : o.listeners));
            }
            ExecResult mem = session.exec(MemoryReading.COMMAND, COMMAND);
            if (mem.exitCode() == 0) {
                o.memory = MemoryReading.parse(mem.stdout());
                o.note("server: memory " + o.memory);
            }
            // a unit's app logs to the journal: its latest start's lines, what 'journalctl -u' shows a student last
            java.util.regex.Matcher unit = UNIT_START.matcher(s.appStartCommand());
            String journal = unit.find() ? "; journalctl -u " + unit.group(1) + " -n 20 --no-pager -o cat _SYSTEMD_INVOCATION_ID=$("
                    + "systemctl show -p InvocationID --value " + unit.group(1) + ")" : "";
            ExecResult log = session.exec("{ tail -n 5 ~/*.log ~/*/*.log ~/nohup.out ~/*/nohup.out" + journal + "; } 2>/dev/null"
                    + " | grep -m1 -E 'No such file or directory|ModuleNotFoundError|No module named|command not found'", COMMAND);
            if (log.exitCode() == 0 && !log.stdout().isBlank()) {
                o.appLogError = log.stdout().strip();
                o.note("server: the app's log says: " + o.appLogError);
            }
            if (s.hasApp()) {
                pythonModules(session, AppProgram.of(s.appCommand()).withLog(o.appLogError), o);
            }
            ExecResult top = session.exec("ps -eo rss=,args= --sort=-rss | head -1", COMMAND);
            if (top.exitCode() == 0 && !top.stdout().isBlank()) {
                String[] parts = top.stdout().strip().split("\\s+", 2);
                o.biggestProcess = (Long.parseLong(parts[0]) >> 10) + " MiB: " + (parts.length > 1 ? parts[1] : "?");
                o.note("server: biggest process " + o.biggestProcess);
            }
        } catch (SshFailure e) {
            o.sshOk = false;
            o.sshFailure = e.kind();
            o.sshMessage = e.getMessage();
            o.note("ssh: " + e.kind());
        } catch (IOException | RuntimeException e) {
            o.note("ssh: lost the session: " + e.getMessage());
        }
    }

    /**
     * Where the app's Python modules import: in which venvs of the login user's home, and whether in the system
     * python, which is what runs when no venv is active.
     */
    private static void pythonModules(SshSession session, AppProgram app, Observations o) throws IOException {
        o.appModules = app.modules();
        if (app.modules().isEmpty()) {
            o.note("server: which Python modules the app needs is known neither from its command (it runs "
                    + (app.program().isEmpty() ? "nothing named" : app.program()) + ") nor from its log");
            return;
        }
        String imports = "import " + String.join(", ", app.modules()); // identifiers only: safe in single quotes
        ExecResult venvs = session.exec("for d in ~/*/ ~/*/*/ ~/.venv/ ~/*/.venv/; do [ -x \"$d/bin/python\" ] && [ -f \"$d/bin/activate\" ]"
                + " && \"$d/bin/python\" -c '" + imports + "' 2>/dev/null && echo \"${d%/}\"; done", COMMAND);
        o.venvsWithApp = venvs.stdout().strip();
        o.systemPythonHasApp = session.exec("/usr/bin/python3 -c '" + imports + "'", COMMAND).exitCode() == 0;
        if (!o.venvsWithApp.isEmpty()) {
            o.note("server: venv with " + String.join(" and ", app.modules()) + ": " + o.venvsWithApp.replace('\n', ' ')
                    + "; /usr/bin/python3 has " + (app.modules().size() == 1 ? "it" : "them") + ": " + o.systemPythonHasApp);
        }
    }

    @Override
    public void close() {
        ssh.close();
        probes.shutdownNow();
    }
}

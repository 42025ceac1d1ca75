package io.labcheck.diagnose;

import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import software.amazon.awssdk.services.ec2.model.Address;

/**
 * Turns evidence into findings, one rule per cause in the failure catalogue; a rule that lacks its
 * evidence says nothing. Codes are the fault ids.
 */
public enum Rule {
    INSTANCE_STOPPED("instance-stopped") {
        @Override
        Optional<Finding> evaluate(Observations o, Subject s) {
            String state = o.instanceState;
            if (state == null) {
                return nothingAnswers(this, o, s);
            }
            if (!(state.equals("stopped") || state.equals("stopping"))) {
                return Optional.empty();
            }
            return finding(s, "the instance " + instanceId(o, s) + " is " + state + ": nothing answers at its address",
                    "aws ec2 start-instances --instance-ids " + instanceId(o, s)
                            + (s.hasApp() ? "   (then start the app again: " + s.appStartCommand() + ")" : ""),
                    evidence("API: instance state " + state, o.sshSymptom));
        }
    },
    KEY_PERMISSIONS("key-permissions") {
        @Override
        Optional<Finding> evaluate(Observations o, Subject s) {
            // OpenSSH's verdict, not a mode test of ours: it decides whether the key is used
            if (o.keyRefusal == null || o.keyMode == null) {
                return Optional.empty();
            }
            String name = s.keyFile().getFileName().toString();
            String mode = PosixFilePermissions.toString(o.keyMode);
            return finding(s, name + " can be " + (o.keyMode.contains(PosixFilePermission.GROUP_READ)
                            || o.keyMode.contains(PosixFilePermission.OTHERS_READ) ? "read" : "used") + " by others ("
                            + mode + "), so ssh refuses to use it",
                    "chmod 400 " + name,
                    evidence("workstation: " + name + " is " + mode + "; OpenSSH: "
                            + o.keyRefusal.replace(s.keyFile().toString(), name), o.sshSymptom));
        }
    },
    SSH_PORT_CLOSED("ssh-port-closed") {
        @Override
        Optional<Finding> evaluate(Observations o, Subject s) {
            return portClosed(this, o, s, s.sshPort(), "SSH");
        }
    },
    APP_PORT_CLOSED("app-port-closed") {
        @Override
        Optional<Finding> evaluate(Observations o, Subject s) {
            return portClosed(this, o, s, s.appPort(), "the app's port");
        }
    },
    FIREWALL_BLOCKS_PORT("firewall-blocks-port") {
        @Override
        Optional<Finding> evaluate(Observations o, Subject s) {
            if (o.instanceState != null && !"running".equals(o.instanceState)) {
                return Optional.empty();
            }
            for (int port : s.hasApp() ? List.of(s.appPort(), s.sshPort()) : List.of(s.sshPort())) {
                Optional<Finding> f = serverFirewall(this, o, s, port);
                if (f.isPresent()) {
                    return f;
                }
            }
            return Optional.empty();
        }
    },
    LOOPBACK_BIND("loopback-bind") {
        @Override
        Optional<Finding> evaluate(Observations o, Subject s) {
            String l = o.listeners;
            int port = s.appPort();
            if (l == null || !Listeners.loopbackOnly(Listeners.onPort(l, port))) {
                return Optional.empty();
            }
            List<String> ev = new ArrayList<>(List.of("server: ss -ltn shows " + l.replace('\n', ' ')));
            o.reach(port).ifPresent(r -> ev.add("from outside: port " + port + " " + r));
            return finding(s, "the app listens on 127.0.0.1:" + port
                            + " only: it answers on the server and is refused from anywhere else",
                    "restart it bound to all addresses: " + s.appStartCommand(), ev);
        }
    },
    APP_NOT_RUNNING("app-not-running") {
        @Override
        Optional<Finding> evaluate(Observations o, Subject s) {
            if (!Boolean.TRUE.equals(o.sshOk) || o.listeners == null || !o.listeners.isBlank()) {
                return Optional.empty();
            }
            List<String> ev = new ArrayList<>(List.of("server: nothing listens on port " + s.appPort() + " (ss -ltn)"));
            o.reach(s.appPort()).ifPresent(r -> ev.add("from outside: port " + s.appPort() + " " + r));
            return finding(s, "nothing listens on port " + s.appPort() + ": the app is not running",
                    s.appStartCommand(), ev);
        }
    },
    VENV_INACTIVE("venv-inactive") {
        @Override
        Optional<Finding> evaluate(Observations o, Subject s) {
            if (!Boolean.TRUE.equals(o.sshOk) || o.listeners == null || !o.listeners.isBlank() || o.appModules().isEmpty()
                    || o.venvsWithApp == null || o.venvsWithApp.isBlank()) {
                return Optional.empty();
            }
            // what says the app ran outside the venv: a unit whose python lacks the modules, or the app's own log
            boolean unitOutside = Boolean.FALSE.equals(o.unitInterpreterHasApp);
            boolean shellOutside = Boolean.FALSE.equals(o.systemPythonHasApp) && o.appLogError != null;
            if (!unitOutside && !shellOutside) {
                return Optional.empty();
            }
            String venv = o.venvsWithApp.lines().findFirst().orElse("venv");
            String relative = venv.replaceFirst("^/home/[^/]+/", "");
            List<String> modules = o.appModules();
            String python = unitOutside ? o.unitInterpreter : "/usr/bin/python3";
            List<String> ev = new ArrayList<>(List.of("server: nothing listens on port " + s.appPort()));
            if (o.appLogError != null) {
                ev.add("server: the app's log says: " + o.appLogError);
            }
            if (unitOutside) {
                ev.add("server: the unit runs " + o.unitInterpreter + ", which does not import " + String.join(" or ", modules));
            }
            ev.add("server: " + venv + "/bin/python imports " + String.join(" and ", modules) + "; " + python + " does not");
            return finding(s, "the app was started outside its venv: " + (unitOutside ? "its unit runs " + python + ", which"
                            : "the system python (" + python + ")") + " has no " + String.join(" or ", modules)
                            + "; " + (modules.size() == 1 ? "it is" : "they are") + " installed in " + venv,
                    unitOutside ? "in the unit's ExecStart, run " + venv + "/bin/... (the venv's program), then: sudo"
                            + " systemctl daemon-reload && " + s.appStartCommand()
                            : "source " + relative + "/bin/activate   (then check: which python3 -> " + venv + "/bin/python3),"
                            + " and start the app again",
                    ev);
        }
    },
    OUT_OF_MEMORY("out-of-memory") {
        @Override
        Optional<Finding> evaluate(Observations o, Subject s) {
            if (o.memory == null || !nearlyExhausted(o.memory)) {
                return Optional.empty();
            }
            List<String> ev = new ArrayList<>(List.of("server: memory " + o.memory));
            if (o.biggestProcess != null) {
                ev.add("server: biggest process " + o.biggestProcess);
            }
            if (o.oomKills != null && o.oomKills > 0) {
                ev.add("server: the kernel's OOM killer has killed " + o.oomKills + " processes since boot");
            }
            return finding(s, "memory is nearly exhausted (" + o.memory + "): the next program that needs memory fails"
                            + " or is killed",
                    "stop what takes it, add swap (sudo fallocate -l 1G /swapfile && sudo chmod 600 /swapfile &&"
                            + " sudo mkswap /swapfile && sudo swapon /swapfile), or move to a bigger instance type",
                    ev);
        }
    },
    EIP_UNASSOCIATED("eip-unassociated") {
        @Override
        Optional<Finding> evaluate(Observations o, Subject s) {
            List<Address> idle = o.addresses == null ? List.of()
                    : o.addresses.stream().filter(a -> a.associationId() == null && a.instanceId() == null).toList();
            if (idle.isEmpty()) {
                return Optional.empty();
            }
            Address a = idle.get(0);
            List<String> ev = new ArrayList<>();
            idle.forEach(x -> ev.add("API: describe-addresses: " + x.publicIp() + " (" + x.allocationId()
                    + ") is associated with no instance"));
            return finding(s, "the Elastic IP " + a.publicIp() + " (" + a.allocationId() + ") is allocated but associated"
                            + " with no instance: AWS bills it by the hour while it serves nothing. Nothing shows on the"
                            + " server; the bill does. An address left behind when its instance was terminated is the"
                            + " same: terminating the instance ends the association, not the allocation"
                            + (idle.size() > 1 ? " (" + idle.size() + " such addresses)" : ""),
                    "aws ec2 associate-address --allocation-id " + a.allocationId() + " --instance-id " + instanceId(o, s)
                            + "   (to use it), or: aws ec2 release-address --allocation-id " + a.allocationId()
                            + "   (when it is not needed)", ev);
        }
    },
    CONTAINER_EXITED("container-exited") {
        @Override
        Optional<Finding> evaluate(Observations o, Subject s) {
            Optional<Containers.Container> failing = o.containers == null ? Optional.empty() : o.containers.firstFailing();
            if (failing.isEmpty()) {
                return Optional.empty();
            }
            Containers.Container c = failing.get();
            List<String> ev = new ArrayList<>();
            ev.add("server: docker ps -a: " + (o.containerStatus == null || o.containerStatus.isBlank() ? c.name() + " "
                    + c.state() : o.containerStatus));
            ev.add("server: docker inspect " + c.name() + ": " + c);
            if (o.containerLog != null && !o.containerLog.isEmpty()) {
                ev.add("server: docker logs --tail 5 " + c.name() + ": " + String.join(" / ", o.containerLog));
            }
            if (o.httpSymptom != null) {
                ev.add("tried: " + o.httpSymptom);
            }
            // between two rounds of a restart loop the engine says 0 (it is up); docker ps's words keep the last exit
            java.util.regex.Matcher shown = o.containerStatus == null ? null
                    : java.util.regex.Pattern.compile("\\b(?:Restarting|Exited) \\((\\d+)\\)").matcher(o.containerStatus);
            int exit = shown != null && shown.find() ? Integer.parseInt(shown.group(1)) : c.exitCode();
            String how = c.state().equals("created") ? "was never started: its command could not run (exit " + exit + ")"
                    : c.oomKilled() ? "was killed by the kernel's OOM killer (exit " + exit + ")"
                    : "exits with " + (exit == 0 ? "an error" : String.valueOf(exit)) + " as soon as it starts";
            String policy = c.restartedByDocker() ? ": its restart policy (" + c.restartPolicy() + ") makes Docker start it"
                    + " again, and it fails the same way each time (" + c.restartCount() + " restarts so far)"
                    : ", and its restart policy (" + (c.restartPolicy().isEmpty() ? "no" : c.restartPolicy())
                    + ") leaves it down";
            return finding(s, "the container " + c.name() + " (image " + c.image() + ") " + how + policy
                            + "; what it serves is down with it",
                    "read why it fails: docker logs " + c.name() + "; correct the command or the environment it is run"
                            + " with (docker run's command and -e/--env-file, or the compose file's command and env_file),"
                            + " then recreate it: docker rm -f " + c.name() + " and run it again (or docker-compose up -d)",
                    ev);
        }
    },
    DNS_STALE("dns-stale") {
        @Override
        Optional<Finding> evaluate(Observations o, Subject s) {
            if (o.publicIp == null || o.dnsAnswers.isEmpty() || o.instanceState != null && !"running".equals(o.instanceState)) {
                return Optional.empty();
            }
            List<String> wrong = s.site().names().stream().filter(n -> o.dnsAnswers.containsKey(n)
                    && !o.dnsAnswers.get(n).contains(o.publicIp)).toList();
            if (wrong.isEmpty()) {
                return Optional.empty();
            }
            List<String> ev = new ArrayList<>();
            wrong.forEach(n -> ev.add("from outside: dig +short " + n + ": " + (o.dnsAnswers.get(n).isEmpty() ? "(no address)"
                    : String.join(" ", o.dnsAnswers.get(n)))));
            ev.add((o.instanceState == null ? "given: the server's address is " : "API: the instance's public IP is ") + o.publicIp);
            boolean elastic = o.addresses != null && o.addresses.stream().anyMatch(x -> o.publicIp.equals(x.publicIp()));
            String first = wrong.get(0);
            List<String> held = o.dnsAnswers.get(first);
            return finding(s, first + (held.isEmpty() ? " has no A record" : " points at " + String.join(", ", held))
                            + (wrong.size() > 1 ? " (and " + String.join(", ", wrong.subList(1, wrong.size())) + " as well)" : "")
                            + ", not at the server's public IP " + o.publicIp + ": a browser asking for the domain goes"
                            + " elsewhere, and a certificate for it cannot be issued or renewed (the CA checks the name"
                            + " at that address). A record left from before a stop and start (which changes the public IP"
                            + " unless it is an Elastic IP) looks like this",
                    "at your DNS provider, set the A record" + (wrong.size() > 1 ? "s of " + String.join(" and ", wrong)
                            : " of " + first) + " to " + o.publicIp + (elastic ? " (the instance's Elastic IP, which a"
                            + " stop and start keeps)" : "; and give the instance an Elastic IP (aws ec2"
                            + " associate-address) so that a stop and start keeps the address"), ev);
        }
    };

    /** Used memory, as a share of what the server has, past which the next program that needs memory fails. */
    static final double NEARLY_EXHAUSTED = 0.8;

    private final String code;

    Rule(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    abstract Optional<Finding> evaluate(Observations o, Subject s);

    Optional<Finding> finding(Subject s, String cause, String fix, List<String> evidence) {
        return Optional.of(new Finding(code, cause, fix, List.copyOf(evidence), s.section(code)));
    }

    /** The one threshold for memory: the rule's and the memory probe's. */
    static boolean nearlyExhausted(io.labcheck.host.MemoryReading memory) {
        return memory.usedFraction() >= NEARLY_EXHAUSTED;
    }

    /** The instance the API described, or the one the subject named. */
    static String instanceId(Observations o, Subject s) {
        return o.instanceId != null ? o.instanceId : s.instanceId();
    }

    static List<String> evidence(String first, Symptom symptom) {
        List<String> ev = new ArrayList<>(List.of(first));
        if (symptom != null) {
            ev.add("tried: " + symptom);
        }
        return ev;
    }

    private static Optional<Finding> portClosed(Rule rule, Observations o, Subject s, int port, String what) {
        Boolean admitted = o.ingress.get(port);
        if (admitted == null || admitted) {
            return dropped(rule, o, s, port, what, admitted);
        }
        if (!"running".equals(o.instanceState)) {
            return Optional.empty();
        }
        List<String> ev = new ArrayList<>(List.of("API: " + o.ingressDetail.getOrDefault(port,
                "no inbound rule admits port " + port)));
        o.reach(port).ifPresent(r -> ev.add("from outside: port " + port + " " + r));
        return rule.finding(s, "no inbound rule of the instance's security groups admits " + what + " (port " + port
                        + "): connections are dropped and time out",
                "aws ec2 authorize-security-group-ingress --group-id " + (o.groupId == null ? "<group-id>" : o.groupId)
                        + " --protocol tcp --port " + port + " --cidr <your-ip>/32", ev);
    }

    /**
     * A port whose connect times out while the same address answers on another port: the server is there, and
     * something on the way drops this port. With the API's word that the group admits it only from some addresses, that
     * is the likely cause; without the API's word (no credentials, or a server of another provider) both places that
     * drop are named. A group admitting it from anywhere, or a firewall on the server seen keeping it out, is
     * {@link #FIREWALL_BLOCKS_PORT}'s.
     */
    private static Optional<Finding> dropped(Rule rule, Observations o, Subject s, int port, String what, Boolean admitted) {
        if (o.reach.get(port) != Reach.TIMEOUT || !(o.instanceState == null || "running".equals(o.instanceState))
                || o.firewall != null && o.firewall.blocks(port).orElse(false)) {
            return Optional.empty();
        }
        Optional<Integer> other = answeredOther(o, port);
        if (other.isEmpty()) {
            return Optional.empty();
        }
        List<String> ev = droppedEvidence(o, s, port, other.get());
        if (admitted != null) {
            List<String> from = o.ingressSources.getOrDefault(port, List.of());
            if (from.isEmpty() || from.contains("0.0.0.0/0")) {
                return Optional.empty();
            }
            ev.add("API: " + o.ingressDetail.getOrDefault(port, "port " + port + " admitted"));
            // "My IP" when the rule was made: a student on another network since is dropped
            return rule.finding(s, what + " (port " + port + ") is admitted only from " + from + ", and the connect"
                            + " from here times out while port " + other.get() + " answers: this computer's address is"
                            + " not among them (a rule made with \"My IP\" on another network), or a firewall on the"
                            + " server drops it",
                    "aws ec2 authorize-security-group-ingress --group-id " + (o.groupId == null ? "<group-id>"
                            : o.groupId) + " --protocol tcp --port " + port + " --cidr <your-ip>/32   (the console's"
                            + " \"My IP\" fills in your address as it is now)", ev);
        }
        return rule.finding(s, what + " (port " + port + ") is dropped on the way: the connect times out while port "
                        + other.get() + " at the same address answers. A firewall drops it: the security group (no inbound"
                        + " rule for port " + port + " from your address; the cloud's API was not looked at) or a"
                        + " firewall on the server (ufw)",
                "add an inbound rule for TCP " + port + " from your IP to the instance's security group (the console,"
                        + " or: aws ec2 authorize-security-group-ingress --group-id <group-id> --protocol tcp --port "
                        + port + " --cidr <your-ip>/32); if the group has it already: sudo ufw allow " + port + "/tcp",
                ev);
    }

    /**
     * The server's own firewall keeping {@code port} out: ufw's status says so (read after a login), or, where it could
     * not be read (ufw keeps SSH out too), the group admits the port from anywhere and still the connect times out
     * while another port of the same address answers.
     */
    private static Optional<Finding> serverFirewall(Rule rule, Observations o, Subject s, int port) {
        Reach r = o.reach.get(port);
        if (r != Reach.TIMEOUT && r != Reach.REFUSED) {
            return Optional.empty();
        }
        Optional<Boolean> seen = o.firewall == null ? Optional.empty() : o.firewall.blocks(port);
        String what = port == s.sshPort() ? "SSH" : "the app's port";
        if (seen.isPresent()) {
            if (!seen.get()) {
                return Optional.empty();
            }
            List<String> ev = new ArrayList<>(List.of("server: sudo ufw status: " + o.firewall.shown(),
                    "from outside: port " + port + " " + r));
            if (port == s.appPort() && o.listeners != null && !o.listeners.isBlank()) {
                ev.add("server: ss -ltn shows " + o.listeners.replace('\n', ' '));
            }
            if (Boolean.TRUE.equals(o.ingress.get(port))) {
                ev.add("API: " + o.ingressDetail.get(port));
            }
            List<Integer> also = port == 80 && s.hasSite() && o.firewall.blocks(443).orElse(false) ? List.of(443) : List.of();
            return rule.finding(s, "the server's own firewall (ufw) is on and keeps " + what + " (port " + port + ") out: "
                            + (o.firewall.rejects() ? "it refuses the connection" : "it drops the connection, which times"
                            + " out") + ", whatever the security group admits"
                            + (also.isEmpty() ? "" : "; it keeps port 443 (HTTPS) out as well"),
                    "sudo ufw allow " + port + "/tcp" + (also.isEmpty() ? "" : " && sudo ufw allow 443/tcp")
                            + "   (then: sudo ufw status)", ev);
        }
        List<String> from = o.ingressSources.getOrDefault(port, List.of());
        Optional<Integer> other = answeredOther(o, port);
        if (r != Reach.TIMEOUT || !Boolean.TRUE.equals(o.ingress.get(port))
                || !(from.isEmpty() || from.contains("0.0.0.0/0")) || other.isEmpty()) {
            return Optional.empty();
        }
        List<String> ev = droppedEvidence(o, s, port, other.get());
        ev.add("API: " + o.ingressDetail.get(port));
        return rule.finding(s, what + " (port " + port + ") is dropped by the server's own firewall: the security"
                        + " group admits it from anywhere, and still the connect times out while port " + other.get()
                        + " answers",
                "sudo ufw allow " + port + "/tcp   (see what drops it: sudo ufw status, or sudo iptables -S INPUT)", ev);
    }

    /** The lowest other port of the address that answered (open or refused): the server is there. */
    private static Optional<Integer> answeredOther(Observations o, int port) {
        return o.reach.entrySet().stream().filter(e -> e.getKey() != port && (e.getValue() == Reach.OPEN
                || e.getValue() == Reach.REFUSED)).map(Map.Entry::getKey).min(Integer::compare);
    }

    private static List<String> droppedEvidence(Observations o, Subject s, int port, int other) {
        List<String> ev = new ArrayList<>(List.of("from outside: port " + port + " " + Reach.TIMEOUT,
                "from outside: port " + other + " " + o.reach.get(other) + ": the server is at " + o.publicIp));
        if (port == s.appPort() && o.listeners != null && !o.listeners.isBlank()
                && !Listeners.loopbackOnly(Listeners.onPort(o.listeners, port))) {
            ev.add("server: ss -ltn shows " + o.listeners.replace('\n', ' '));
        }
        return ev;
    }

    /**
     * Without the API's word on the instance: every port tried timed out, so nothing at the address answers at
     * all. Stopped is the usual cause; a new address after a stop and start is the other one a student meets.
     */
    private static Optional<Finding> nothingAnswers(Rule rule, Observations o, Subject s) {
        if (o.reach.isEmpty() || Boolean.TRUE.equals(o.sshOk)
                || !o.reach.values().stream().allMatch(r -> r == Reach.TIMEOUT)) {
            return Optional.empty();
        }
        List<Integer> ports = o.reach.keySet().stream().sorted().toList();
        List<String> ev = new ArrayList<>();
        ports.forEach(p -> ev.add("from outside: port " + p + " " + Reach.TIMEOUT));
        if (o.sshSymptom != null) {
            ev.add("tried: " + o.sshSymptom);
        }
        String id = instanceId(o, s) == null ? "<instance-id>" : instanceId(o, s);
        return rule.finding(s, "nothing answers at " + o.publicIp + " (" + (ports.size() == 1 ? "port " + ports.get(0)
                        + " times" : "ports " + ports.stream().map(String::valueOf).collect(java.util.stream.Collectors
                        .joining(" and ")) + (ports.size() == 2 ? " both" : " all") + " time") + " out): the server is not running, or it is no longer at"
                        + " this address (a stop and start gives it a new public IP unless it has an Elastic IP). Its"
                        + " state was not looked at: the cloud's API did not say",
                "look at the instance in the console: start it if it is stopped (aws ec2 start-instances --instance-ids "
                        + id + "), and use the public IP it shows now"
                        + (s.hasApp() ? "   (then start the app again: " + s.appStartCommand() + ")" : ""),
                ev);
    }
}

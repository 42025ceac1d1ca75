package io.labcheck.fault;

import io.labcheck.diagnose.Firewall;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The server's own firewall turned on with SSH let in and nothing else, as a student does who follows a hardening
 * guide ({@code sudo ufw allow OpenSSH; sudo ufw enable}) and forgets the app: ufw drops every other incoming
 * connection, while the security group still admits them. It needs ufw installed and off (as on Ubuntu's cloud
 * images). The revert turns ufw off, puts its rule files back and removes what ufw left in the kernel's tables
 * (its chains, which {@code ufw disable} empties but keeps), so that {@code iptables -S} reads as before.
 */
final class FirewallFault extends AbstractFault {
    private static final String STATE = "/root/.labcheck-firewall-fault";
    private static final int CONNECT_MS = 1000;
    private List<String> before4 = List.of();
    private List<String> before6 = List.of();

    /** Why ufw cannot be turned on here, or "" when it can. */
    static String whyNot(Deployment d) {
        if (d.hosts() == null) {
            return "the server is reached through the cloud's API alone: there is no server to turn a firewall on in";
        }
        Firewall f = firewall(d);
        if (f.state() == Firewall.State.INACTIVE && d.asRoot("ss -Hltnp 'sport = :" + d.appPort() + "'", COMMAND).stdout()
                .contains("docker-proxy")) {
            return "the app's port " + d.appPort() + " is published by Docker, whose own rules pass it before ufw's:"
                    + " ufw turned on would not keep it out";
        }
        return switch (f.state()) {
            case INACTIVE -> "";
            case NO_UFW -> "the server has no ufw";
            case ACTIVE -> "ufw is on already: " + f.shown();
            case UNREADABLE -> "ufw's status could not be read: " + f.shown();
        };
    }

    @Override
    public void inject(Deployment d) {
        String why = whyNot(d);
        if (!why.isEmpty()) {
            throw new FaultException(why);
        }
        before4 = rules(d, "iptables");
        before6 = rules(d, "ip6tables");
        int ssh = 22;
        must(d.asRoot("mkdir -p " + STATE + " && cp -a /etc/ufw/user.rules /etc/ufw/user6.rules /etc/ufw/ufw.conf " + STATE
                + " && ufw allow " + ssh + "/tcp && ufw --force enable", COMMAND), "turning ufw on with SSH allowed");
    }

    @Override
    public Check applied(Deployment d) {
        Firewall f = firewall(d);
        boolean on = f.state() == Firewall.State.ACTIVE && f.blocks(d.appPort()).orElse(false) && !f.blocks(22).orElse(true);
        String reach = fromOutside(d, "timed out");
        return new Check(on && reach.startsWith("timed out"), "sudo ufw status: " + f.shown() + "; port " + d.appPort()
                + " from outside: " + reach);
    }

    @Override
    public void revert(Deployment d) {
        must(d.asRoot("ufw --force disable && cp -a " + STATE + "/user.rules " + STATE + "/user6.rules " + STATE
                + "/ufw.conf /etc/ufw/ && rm -rf " + STATE, COMMAND), "turning ufw off");
        for (String tool : List.of("iptables", "ip6tables")) {
            List<String> before = tool.equals("iptables") ? before4 : before6;
            List<String> now = rules(d, tool);
            StringBuilder undo = new StringBuilder("true");
            Set<String> chains = new LinkedHashSet<>();
            now.stream().filter(l -> l.startsWith("-N ") && !before.contains(l)).forEach(l -> chains.add(l.substring(3)));
            for (String line : now) {
                // the jumps into ufw's chains from the built-in ones; what is inside its chains goes with them
                if (line.startsWith("-A ") && !before.contains(line) && !chains.contains(line.split(" ")[1])) {
                    undo.append(" && ").append(tool).append(" -D ").append(line.substring(3));
                }
            }
            chains.forEach(c -> undo.append(" && ").append(tool).append(" -F ").append(c));
            chains.forEach(c -> undo.append(" && ").append(tool).append(" -X ").append(c));
            // a built-in chain's policy as it was (ufw disable sets ACCEPT; a container engine had set FORWARD to DROP)
            before.stream().filter(l -> l.startsWith("-P ") && !now.contains(l))
                    .forEach(l -> undo.append(" && ").append(tool).append(" ").append(l));
            must(d.asRoot(undo.toString(), COMMAND), "removing what ufw left in " + tool);
        }
    }

    @Override
    public Check reverted(Deployment d) {
        Firewall f = firewall(d);
        List<String> now4 = rules(d, "iptables");
        List<String> now6 = rules(d, "ip6tables");
        String reach = fromOutside(d, "accepted");
        boolean same = now4.equals(before4) && now6.equals(before6);
        return new Check(f.state() == Firewall.State.INACTIVE && same && reach.equals("accepted"), "sudo ufw status: "
                + f.shown() + "; iptables -S and ip6tables -S " + (same ? "as before (" + now4.size() + " and " + now6.size()
                + " lines)" : "differ from before: " + diff(before4, now4) + diff(before6, now6)) + "; port "
                + d.appPort() + " from outside: " + reach);
    }

    private static Firewall firewall(Deployment d) {
        return Firewall.read(d.asRoot(Firewall.COMMAND, COMMAND).stdout());
    }

    /** The filter table's rules, as {@code iptables -S} prints them. */
    private static List<String> rules(Deployment d, String tool) {
        return must(d.asRoot(tool + " -S", COMMAND), tool + " -S").stdout().lines().map(String::strip)
                .filter(l -> !l.isEmpty()).toList();
    }

    private static String diff(List<String> before, List<String> now) {
        List<String> added = new ArrayList<>(now);
        added.removeAll(before);
        List<String> gone = new ArrayList<>(before);
        gone.removeAll(now);
        return (added.isEmpty() ? "" : " added " + added) + (gone.isEmpty() ? "" : " gone " + gone);
    }

    /**
     * A connect to the app's port at the instance's public address, as a student's from outside, until it meets
     * {@code wanted} ("timed out" or "accepted") or 10 s have passed: the cloud's network learns of a firewall on the
     * instance within a moment, as a VM's kernel would at once.
     */
    private static String fromOutside(Deployment d, String wanted) {
        String ip = d.publicIp().orElse(null);
        if (ip == null) {
            return "the instance has no public address";
        }
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        String seen;
        do {
            seen = connect(new InetSocketAddress(ip, d.appPort()));
            if (seen.startsWith(wanted)) {
                return seen;
            }
            sleep(200);
        } while (System.nanoTime() < deadline);
        return seen + " (still, after 10 s of trying, waiting for: " + wanted + ")";
    }

    private static String connect(InetSocketAddress to) {
        try (Socket s = new Socket()) {
            s.connect(to, CONNECT_MS);
            return "accepted";
        } catch (SocketTimeoutException e) {
            return "timed out after " + CONNECT_MS + " ms";
        } catch (IOException e) {
            return "failed: " + e.getMessage();
        }
    }
}

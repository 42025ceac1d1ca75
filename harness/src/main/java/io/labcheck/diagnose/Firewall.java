package io.labcheck.diagnose;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's own firewall as {@code sudo ufw status verbose} shows it to a student: whether it is on, what it does
 * with incoming connections no rule names, and its rules in order. One reading for the diagnosis and the faults.
 *
 * @param state           on, off, or why it could not be read (no ufw, sudo asked for a password)
 * @param defaultIncoming what ufw does with an incoming connection no rule names: "deny", "reject" or "allow"
 * @param rules           the IPv4 rules, in the order ufw applies them (first match wins)
 * @param shown           the lines as printed, for evidence
 */
public record Firewall(State state, String defaultIncoming, List<RuleLine> rules, String shown) {

    /** Whether ufw filters. */
    public enum State { ACTIVE, INACTIVE, NO_UFW, UNREADABLE }

    /** One line of the rules table: {@code 22/tcp  ALLOW IN  Anywhere}. */
    public record RuleLine(String to, String action, String from) {}

    /**
     * Prints {@code ufw status verbose} as root (a student types {@code sudo ufw status}); a server without ufw says
     * so in a line of ours, one where sudo wants a password says sudo's words. ufw lives in /usr/sbin, which a login
     * user's PATH may lack. Where ufw's own setting says it is off ({@code ENABLED=no} in /etc/ufw/ufw.conf, which
     * anyone may read), a login user's look ends there, without sudo: sudo leaves a file in the home directory
     * (~/.sudo_as_admin_successful), and the diagnosis touches nothing. The setting is printed last too: it says "off"
     * where the status cannot run (a root without the right to read the kernel's tables, in a container).
     */
    public static final String COMMAND = "u=$(command -v ufw || echo /usr/sbin/ufw); if [ ! -x \"$u\" ]; then"
            + " echo 'labcheck: no ufw on the server'; elif [ \"$(id -u)\" = 0 ]; then \"$u\" status verbose 2>&1;"
            + " elif grep -qs '^ENABLED=no' /etc/ufw/ufw.conf; then echo 'Status: inactive (ENABLED=no in /etc/ufw/ufw.conf)';"
            + " else sudo -n \"$u\" status verbose 2>&1; fi; grep -h '^ENABLED=' /etc/ufw/ufw.conf 2>/dev/null";

    /** The ports of the application profiles Ubuntu's packages install (openssh-server, nginx, apache2). */
    private static final Map<String, List<Integer>> PROFILES = Map.of(
            "openssh", List.of(22), "nginx http", List.of(80), "nginx https", List.of(443),
            "nginx full", List.of(80, 443), "apache", List.of(80), "apache secure", List.of(443),
            "apache full", List.of(80, 443), "www", List.of(80), "www secure", List.of(443), "www full", List.of(80, 443));
    private static final Pattern RULE = Pattern.compile("^(.+?)\\s{2,}(ALLOW|DENY|REJECT|LIMIT)(?: (?:IN|OUT|FWD))?\\s{2,}(.+?)\\s*$");
    private static final Pattern DEFAULT = Pattern.compile("^Default:\\s*(\\w+) \\(incoming\\)");
    private static final Pattern PORTS = Pattern.compile("^([\\d,:]+)(?:/(tcp|udp))?$");

    /** What {@link #COMMAND} printed. */
    public static Firewall read(String printed) {
        String text = printed == null ? "" : printed.strip();
        if (text.startsWith("labcheck: no ufw")) {
            return new Firewall(State.NO_UFW, "", List.of(), "no ufw on the server");
        }
        Optional<String> status = text.lines().filter(l -> l.startsWith("Status:")).findFirst();
        if (status.isEmpty()) {
            String said = text.lines().filter(l -> !l.startsWith("ENABLED=")).findFirst().orElse("(nothing printed)");
            return text.lines().anyMatch(l -> l.strip().equals("ENABLED=no"))
                    ? new Firewall(State.INACTIVE, "", List.of(), "off (ENABLED=no in /etc/ufw/ufw.conf; ufw status: " + said + ")")
                    : new Firewall(State.UNREADABLE, "", List.of(), said);
        }
        if (!status.get().contains("active") || status.get().contains("inactive")) {
            return new Firewall(State.INACTIVE, "", List.of(), status.get().strip());
        }
        String incoming = "";
        List<RuleLine> rules = new ArrayList<>();
        for (String line : text.lines().toList()) {
            Matcher d = DEFAULT.matcher(line);
            if (d.find()) {
                incoming = d.group(1).toLowerCase(Locale.ROOT);
            }
            Matcher r = RULE.matcher(line.strip());
            if (r.matches() && !line.contains("(v6)") && !line.startsWith("To ")) {
                rules.add(new RuleLine(r.group(1).strip(), r.group(2), r.group(3).strip()));
            }
        }
        String shown = status.get().strip() + (incoming.isEmpty() ? "" : ", default " + incoming + " (incoming)")
                + ", rules: " + (rules.isEmpty() ? "none" : String.join("; ", rules.stream()
                .map(x -> x.to() + " " + x.action() + " from " + x.from()).toList()));
        return new Firewall(State.ACTIVE, incoming, List.copyOf(rules), shown);
    }

    /**
     * Whether ufw keeps a TCP connection to {@code port} out, as far as its status shows: true when it is on and its
     * first rule for the port (or, without one, its default) denies or rejects; false when it lets it in; empty when
     * the status does not say (not readable, or the first rule that may apply names a profile not known here or only
     * some sources).
     */
    public Optional<Boolean> blocks(int port) {
        switch (state) {
            case INACTIVE, NO_UFW -> {
                return Optional.of(false);
            }
            case UNREADABLE -> {
                return Optional.empty();
            }
            default -> { }
        }
        for (RuleLine r : rules) {
            Optional<Boolean> covers = covers(r.to(), port);
            if (covers.isEmpty()) {
                return Optional.empty();
            }
            if (!covers.get()) {
                continue;
            }
            if (!r.from().startsWith("Anywhere")) {
                return Optional.empty(); // for some sources only: whether it is ours is not known here
            }
            return Optional.of(r.action().equals("DENY") || r.action().equals("REJECT"));
        }
        return defaultIncoming.isEmpty() ? Optional.empty() : Optional.of(!defaultIncoming.equals("allow"));
    }

    /** What a connection to a port ufw keeps out meets: a timeout when it drops, a refusal when it rejects. */
    public boolean rejects() {
        return "reject".equals(defaultIncoming);
    }

    /** Whether a rule's "To" column names TCP {@code port}: {@code 80}, {@code 80/tcp}, {@code 80,443/tcp}, a range, a profile. */
    private static Optional<Boolean> covers(String to, int port) {
        String target = to.replaceFirst("\\s+on\\s+\\S+$", "").strip();
        if (target.startsWith("Anywhere")) {
            return Optional.of(true);
        }
        // "10.0.0.5 22/tcp": a destination address and a port
        String[] parts = target.split("\\s+");
        String ports = parts[parts.length - 1];
        Matcher m = PORTS.matcher(ports);
        if (m.matches()) {
            if ("udp".equals(m.group(2))) {
                return Optional.of(false);
            }
            for (String piece : m.group(1).split(",")) {
                String[] range = piece.split(":");
                int from = Integer.parseInt(range[0]);
                int last = range.length > 1 ? Integer.parseInt(range[1]) : from;
                if (port >= from && port <= last) {
                    return Optional.of(true);
                }
            }
            return Optional.of(false);
        }
        List<Integer> profile = PROFILES.get(target.toLowerCase(Locale.ROOT));
        return profile == null ? Optional.empty() : Optional.of(profile.contains(port));
    }
}

package io.labcheck.diagnose;

import java.util.regex.Pattern;

/**
 * What {@code ss -Hltn} says listens on a port, one local address per line ({@code 0.0.0.0:8000},
 * {@code 127.0.0.1:8000}, {@code [::1]:8000}, {@code [::ffff:127.0.0.1]:8000} from a dual-stack program such as a JVM,
 * {@code *:8000}): one reading for the diagnosis and the grade.
 */
public final class Listeners {
    private static final Pattern PROC_V4 = Pattern.compile("^([0-9A-F]{8}):([0-9A-F]{4})$");
    private static final Pattern PROC_V6 = Pattern.compile("^([0-9A-F]{32}):([0-9A-F]{4})$");
    private static final Pattern LOOPBACK = Pattern.compile("^(127\\.[\\d.]+|\\[::1]|\\[::ffff:127\\.[\\d.]+])(%\\S+)?:\\d+$");

    /**
     * The shell that lists what listens on {@code port} as a student would look: {@code ss}, or where a server has no
     * {@code ss} (no iproute2), the kernel's own table in /proc/net/tcp and tcp6 (read as {@link #read} says).
     */
    public static String command(int port) {
        return "if command -v ss >/dev/null 2>&1; then ss -Hltn 'sport = :" + port + "' | awk '{print $4}'; else"
                + " cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk '$4 == \"0A\" && $2 ~ /:" + String.format("%04X", port)
                + "$/ {print $2}'; fi";
    }

    /** What {@link #command} printed, one address a line as ss writes it (a /proc line's hex made readable). */
    public static String read(String printed) {
        return String.join("\n", printed.lines().map(String::strip).filter(l -> !l.isEmpty()).map(Listeners::fromProc).toList());
    }

    private static String fromProc(String line) {
        java.util.regex.Matcher v4 = PROC_V4.matcher(line);
        if (v4.matches()) {
            long a = Long.parseLong(v4.group(1), 16); // little-endian on the machines labs run on (x86, arm64)
            return (a & 0xff) + "." + ((a >> 8) & 0xff) + "." + ((a >> 16) & 0xff) + "." + ((a >> 24) & 0xff) + ":"
                    + Integer.parseInt(v4.group(2), 16);
        }
        java.util.regex.Matcher v6 = PROC_V6.matcher(line);
        if (v6.matches()) {
            byte[] b = new byte[16];
            String hex = v6.group(1);
            for (int word = 0; word < 4; word++) { // four 32-bit words, each little-endian
                for (int i = 0; i < 4; i++) {
                    b[word * 4 + i] = (byte) Integer.parseInt(hex.substring(word * 8 + (3 - i) * 2, word * 8 + (3 - i) * 2 + 2), 16);
                }
            }
            try {
                java.net.InetAddress address = java.net.InetAddress.getByAddress(b);
                String shown = address instanceof java.net.Inet4Address ? "::ffff:" + address.getHostAddress()
                        : compact(address.getHostAddress());
                return "[" + shown + "]:" + Integer.parseInt(v6.group(2), 16);
            } catch (java.net.UnknownHostException e) {
                return line;
            }
        }
        return line;
    }

    /** ss's form of an IPv6 address: the longest run (two or more) of zero groups written "::" (RFC 5952). */
    static String compact(String full) {
        String[] g = full.replaceAll("%.*$", "").split(":");
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < g.length; ) {
            int j = i;
            while (j < g.length && g[j].equals("0")) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        if (bestStart < 0) {
            return String.join(":", g);
        }
        return String.join(":", java.util.Arrays.copyOfRange(g, 0, bestStart)) + "::"
                + String.join(":", java.util.Arrays.copyOfRange(g, bestStart + bestLength, g.length));
    }

    /** Whether one listener's local address is on loopback only: reachable from the server itself and nowhere else. */
    public static boolean isLoopback(String address) {
        return LOOPBACK.matcher(address.strip()).matches();
    }

    /** Whether any listener can be reached from another machine (an address that is not loopback). */
    public static boolean reachable(String listeners) {
        return listeners.lines().map(String::strip).filter(l -> !l.isEmpty()).anyMatch(l -> !isLoopback(l));
    }

    /** Whether something listens and every listener is on loopback. */
    public static boolean loopbackOnly(String listeners) {
        return !listeners.isBlank() && !reachable(listeners);
    }

    /** The listeners on {@code port}, one per line. */
    public static String onPort(String listeners, int port) {
        return String.join("\n", listeners.lines().map(String::strip).filter(l -> l.endsWith(":" + port)).toList());
    }

    private Listeners() {}
}

package io.labcheck.diagnose;

import java.util.regex.Pattern;

/**
 * What {@code ss -Hltn} says listens on a port, one local address per line ({@code 0.0.0.0:8000},
 * {@code 127.0.0.1:8000}, {@code [::1]:8000}, {@code [::ffff:127.0.0.1]:8000} from a dual-stack program such as a JVM,
 * {@code *:8000}): one reading for the diagnosis and the grade.
 */
public final class Listeners {
    private static final Pattern LOOPBACK = Pattern.compile("^(127\\.[\\d.]+|\\[::1]|\\[::ffff:127\\.[\\d.]+])(%\\S+)?:\\d+$");

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

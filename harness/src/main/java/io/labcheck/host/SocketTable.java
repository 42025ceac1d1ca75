package io.labcheck.host;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The listening TCP sockets of a container's network namespace, read from the kernel's table of its init
 * process ({@code /proc/PID/net/tcp} and {@code tcp6}) on this machine: whether something listens on an
 * address and port, learned without connecting to it. A connect probe is a connection the instance sees
 * (sshd forks for each, and counts them against MaxStartups); this is not. Empty when the table cannot be
 * read (an engine on another machine, another PID namespace): then callers fall back to a connect.
 */
final class SocketTable {
    private static final String LISTEN = "0A";

    private SocketTable() {}

    /** Whether a socket of {@code pid}'s namespace listens on {@code address:port} (or on every address). */
    static Optional<Boolean> listens(long pid, InetAddress address, int port) {
        if (pid <= 0) {
            return Optional.empty();
        }
        Path net = Path.of("/proc", Long.toString(pid), "net");
        try {
            List<String> v4 = Files.readAllLines(net.resolve("tcp"));
            List<String> v6 = Files.exists(net.resolve("tcp6")) ? Files.readAllLines(net.resolve("tcp6")) : List.of();
            String portHex = String.format(Locale.ROOT, "%04X", port);
            String ip4 = address instanceof Inet4Address ? hex4(address.getAddress()) : "";
            for (String line : v4) {
                String[] f = line.strip().split("\\s+");
                if (f.length > 3 && f[3].equals(LISTEN) && f[1].endsWith(":" + portHex)) {
                    String local = f[1].substring(0, f[1].indexOf(':'));
                    if (local.equals("00000000") || local.equals(ip4)) {
                        return Optional.of(true);
                    }
                }
            }
            for (String line : v6) {
                String[] f = line.strip().split("\\s+");
                if (f.length > 3 && f[3].equals(LISTEN) && f[1].endsWith(":" + portHex)) {
                    String local = f[1].substring(0, f[1].indexOf(':'));
                    if (local.equals("00000000000000000000000000000000")
                            || !ip4.isEmpty() && local.equals("0000000000000000FFFF0000" + ip4)) {
                        return Optional.of(true);
                    }
                }
            }
            return Optional.of(false);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** An IPv4 address as the kernel's table writes it: the 32-bit value in host (little-endian) order, in hex. */
    static String hex4(byte[] a) {
        return String.format(Locale.ROOT, "%02X%02X%02X%02X", a[3] & 0xff, a[2] & 0xff, a[1] & 0xff, a[0] & 0xff);
    }
}

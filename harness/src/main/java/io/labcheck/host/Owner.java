package io.labcheck.host;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Which process made a container: {@code <host name>/<pid>}, so a later run on the same machine can
 * tell a live run's containers from those a killed one left behind.
 */
public final class Owner {
    private Owner() {
    }

    public static String current() {
        return hostName() + "/" + ProcessHandle.current().pid();
    }

    /** True only when the owner is a process of this machine that no longer runs; unknown owners are kept. */
    static boolean isGoneOnThisMachine(String owner) {
        if (owner == null) {
            return false;
        }
        int slash = owner.lastIndexOf('/');
        if (slash < 0 || !owner.substring(0, slash).equals(hostName())) {
            return false;
        }
        try {
            long pid = Long.parseLong(owner.substring(slash + 1));
            return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String env = System.getenv("HOSTNAME");
            return env == null || env.isBlank() ? "localhost" : env;
        }
    }
}

package io.labcheck.lab;

import java.util.Locale;

/** What a URL in a lab document points at: its host and port, and whether that host stands for the lab's server. */
public final class Urls {

    /** The {@code host[:port]} part of a URL, without scheme and path. */
    private static String hostPort(String url) {
        String rest = url.replaceFirst("^https?://", "");
        int end = 0;
        while (end < rest.length() && "/?#".indexOf(rest.charAt(end)) < 0) {
            end++;
        }
        return rest.substring(0, end);
    }

    public static String hostOf(String url) {
        String hostPort = hostPort(url);
        int colon = hostPort.lastIndexOf(':');
        return colon > 0 && !hostPort.endsWith(">") ? hostPort.substring(0, colon) : hostPort;
    }

    /** The port a URL reaches: explicit, else 80 or 443 by scheme. */
    public static int portOf(String url) {
        String hostPort = hostPort(url);
        int colon = hostPort.lastIndexOf(':');
        if (colon > 0 && hostPort.substring(colon + 1).matches("\\d{1,5}")) {
            return Integer.parseInt(hostPort.substring(colon + 1));
        }
        return url.startsWith("https") ? 443 : 80;
    }

    public static boolean isLocalAddress(String host) {
        return host.isEmpty() || host.equals("localhost") || host.startsWith("127.") || host.equals("0.0.0.0")
                || host.equals("[::1]");
    }

    /** An address that stands for the lab's server from outside: an IP, a placeholder, an example domain. */
    public static boolean isServerAddress(String host) {
        if (isLocalAddress(host)) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return h.matches("\\d+\\.\\d+\\.\\d+\\.\\d+") || h.contains("<") || h.contains("{") || h.contains("your")
                || h.contains("example") || h.contains("server_ip") || h.contains("public_ip") || h.contains("my_server");
    }

    private Urls() {}
}

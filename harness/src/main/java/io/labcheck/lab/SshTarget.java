package io.labcheck.lab;

import java.util.List;
import java.util.Set;

/**
 * What an {@code ssh} command line says: the key ({@code -i}), the user and host, and a remote command if any.
 *
 * @param key           the {@code -i} file as written, or ""
 * @param user          the login user ({@code user@host} or {@code -l}), or ""
 * @param host          the destination host
 * @param remoteCommand what runs remotely instead of a login shell, or ""
 */
public record SshTarget(String key, String user, String host, String remoteCommand) {
    private static final Set<String> WITH_ARGUMENT = Set.of("-i", "-p", "-o", "-l", "-F", "-L", "-R", "-D", "-J", "-E",
            "-b", "-c", "-m", "-S", "-W", "-w", "-O", "-Q", "-B", "-e", "-I");

    /** The target of {@code ssh ...} given as program words (starting with "ssh"), or null if none. */
    public static SshTarget of(List<String> words) {
        String key = "";
        String user = "";
        for (int i = 1; i < words.size(); i++) {
            String w = words.get(i);
            if (WITH_ARGUMENT.contains(w) && i + 1 < words.size()) {
                String arg = words.get(++i);
                if (w.equals("-i")) {
                    key = arg;
                } else if (w.equals("-l")) {
                    user = arg;
                }
            } else if (!w.startsWith("-")) {
                String destination = w.replaceFirst("^ssh://", "");
                String host = destination;
                int at = destination.lastIndexOf('@');
                if (at >= 0) {
                    user = destination.substring(0, at);
                    host = destination.substring(at + 1);
                }
                String remote = String.join(" ", words.subList(i + 1, words.size()));
                return new SshTarget(key, user, host, remote.startsWith("<<") ? "" : remote);
            }
        }
        return null;
    }
}

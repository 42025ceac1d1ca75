package io.labcheck.lab;

import java.util.List;
import java.util.Locale;

/**
 * Follows the student through the document: on the workstation until an {@code ssh} logs in, on the server
 * (as the login user) until {@code exit}. A prompt naming a host moves the session there; a comment or caption
 * ("# 내 PC에서") moves only the block it is in.
 */
final class Session {
    /** Where and as whom one command runs. */
    record Placement(Where where, String user) {}

    private Where place = Where.WORKSTATION;
    private String user = "";

    /** Where the session is now (for a file written without an editor command). */
    Where placeNow() {
        return place;
    }

    Placement place(ShellBlock.CommandLine line, Where blockHint) {
        Prompt prompt = line.prompt();
        Command command = line.command();
        List<String> chain = command.simpleCommands();
        List<String> program = chain.isEmpty() ? List.of() : ShellWords.program(chain.get(0));
        String first = program.isEmpty() ? "" : program.get(0);
        String sudoUser = command.usesSudo() ? "root" : null;
        if (prompt != null && prompt.isPowerShell()) {
            return new Placement(Where.WORKSTATION, "");
        }
        if (prompt != null && !prompt.host().isEmpty()) {
            place = isLocalHost(prompt.host()) ? Where.WORKSTATION : Where.SERVER;
            user = prompt.user();
            blockHint = null;
        }
        if (first.equals("ssh")) {
            SshTarget target = SshTarget.of(program);
            if (target != null && target.remoteCommand().isEmpty() && command.heredoc().isEmpty()) {
                place = Where.SERVER;
                user = target.user();
            }
            return new Placement(Where.WORKSTATION, "");
        }
        if (first.equals("exit") || first.equals("logout")) {
            Placement p = new Placement(place, user);
            place = Where.WORKSTATION;
            user = "";
            return p;
        }
        if ((first.equals("curl") || first.equals("wget")) && reachesServerFromOutside(program)) {
            return new Placement(Where.WORKSTATION, "");
        }
        if (first.equals("ssh-keygen") || first.equals("scp")) {
            return new Placement(Where.WORKSTATION, "");
        }
        Where where = blockHint != null ? blockHint : place;
        String who = sudoUser != null ? sudoUser : prompt != null && !prompt.user().isEmpty() ? prompt.user()
                : where == Where.SERVER ? user : "";
        return new Placement(where, who);
    }

    /** A curl to the server's public address (an IP, a placeholder or the lab's domain), not a download. */
    static boolean reachesServerFromOutside(List<String> program) {
        for (String w : program.subList(1, program.size())) {
            if (w.startsWith("http://") || w.startsWith("https://")) {
                return isServerAddress(hostOf(w));
            }
        }
        return false;
    }

    static String hostOf(String url) {
        String rest = url.replaceFirst("^https?://", "");
        int end = 0;
        while (end < rest.length() && "/?#".indexOf(rest.charAt(end)) < 0) {
            end++;
        }
        String hostPort = rest.substring(0, end);
        int colon = hostPort.lastIndexOf(':');
        return colon > 0 && !hostPort.endsWith(">") ? hostPort.substring(0, colon) : hostPort;
    }

    /** The port a URL reaches: explicit, else 80 or 443 by scheme. */
    static int portOf(String url) {
        String rest = url.replaceFirst("^https?://", "");
        int end = 0;
        while (end < rest.length() && "/?#".indexOf(rest.charAt(end)) < 0) {
            end++;
        }
        String hostPort = rest.substring(0, end);
        int colon = hostPort.lastIndexOf(':');
        if (colon > 0 && hostPort.substring(colon + 1).matches("\\d{1,5}")) {
            return Integer.parseInt(hostPort.substring(colon + 1));
        }
        return url.startsWith("https") ? 443 : 80;
    }

    static boolean isLocalAddress(String host) {
        return host.isEmpty() || host.equals("localhost") || host.startsWith("127.") || host.equals("0.0.0.0")
                || host.equals("[::1]");
    }

    /** An address that stands for the lab's server from outside: an IP, a placeholder, an example domain. */
    static boolean isServerAddress(String host) {
        if (isLocalAddress(host)) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return h.matches("\\d+\\.\\d+\\.\\d+\\.\\d+") || h.contains("<") || h.contains("{") || h.contains("your")
                || h.contains("example") || h.contains("server_ip") || h.contains("public_ip") || h.contains("my_server");
    }

    private static boolean isLocalHost(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.contains("laptop") || h.contains("macbook") || h.startsWith("desktop-")
                || h.equals("my-pc");
    }

}

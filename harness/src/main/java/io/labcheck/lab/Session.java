package io.labcheck.lab;

import java.util.List;
import java.util.Locale;

/**
 * Follows the student through the document: on the workstation until an {@code ssh} logs in, on the server
 * (as the login user) until {@code exit}. A prompt naming a host moves the session there; a comment or caption
 * ("# 내 PC에서") moves only the block it is in.
 */
final class Session {
    /**
     * Where and as whom one command runs; {@code assumed} when nothing said so (no login yet, no prompt, no hint):
     * the workstation only because the session starts there.
     */
    record Placement(Where where, String user, boolean assumed) {
        Placement(Where where, String user) {
            this(where, user, false);
        }
    }

    private Where place = Where.WORKSTATION;
    private String user = "";
    private boolean everOnServer;

    /** Whether the document ever logged in (ssh, a server's prompt, a login in prose). */
    boolean everOnServer() {
        return everOnServer;
    }

    /** Where the session is now (for a file written without an editor command). */
    Where placeNow() {
        return place;
    }

    /** The document logs in without an ssh command ("connect to your instance"): the commands after it run there. */
    void loggedInByProse() {
        if (place != Where.SERVER) {
            place = Where.SERVER;
            user = "";
        }
        everOnServer = true;
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
            everOnServer |= place == Where.SERVER;
            user = prompt.user();
            blockHint = null;
        }
        if (first.equals("ssh")) {
            SshTarget target = SshTarget.of(program);
            if (target != null && target.remoteCommand().isEmpty() && command.heredoc().isEmpty()) {
                place = Where.SERVER;
                everOnServer = true;
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
        return new Placement(where, who, blockHint == null && !everOnServer && (prompt == null || prompt.host().isEmpty()));
    }

    /** A curl to the server's public address (an IP, a placeholder or the lab's domain), not a download. */
    static boolean reachesServerFromOutside(List<String> program) {
        for (String w : program.subList(1, program.size())) {
            if (w.startsWith("http://") || w.startsWith("https://")) {
                return Urls.isServerAddress(Urls.hostOf(w));
            }
        }
        return false;
    }

    private static boolean isLocalHost(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.contains("laptop") || h.contains("macbook") || h.startsWith("desktop-")
                || h.equals("my-pc");
    }

}

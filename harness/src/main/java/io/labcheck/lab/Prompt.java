package io.labcheck.lab;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A shell prompt at the start of a line, and what it says: who runs the command ({@code ubuntu@host:~$},
 * {@code [ec2-user@ip-172-31-0-1 ~]$}, {@code #} for root), on which host, in which virtualenv
 * ({@code (venv) $}). A bare {@code $ } says nothing about the host.
 *
 * @param text    the prompt as written, including the space after it
 * @param user    the user it names ("" if none; "root" for a {@code #} prompt)
 * @param host    the host it names ("" if none)
 * @param venv    the virtualenv it shows ("" if none)
 * @param command what follows the prompt
 */
record Prompt(String text, String user, String host, String venv, String command) {

    private static final String VENV = "(?:\\(([^)\\s]+)\\)\\s*)?";
    private static final Pattern USER_AT_HOST =
            Pattern.compile("^" + VENV + "([a-z_][a-z0-9_.-]*)@([A-Za-z0-9._-]+):([^$#\\s]*)\\s?([$#])(?:\\s(.*))?$");
    private static final Pattern BRACKETED =
            Pattern.compile("^" + VENV + "\\[([a-z_][a-z0-9_.-]*)@([^\\s\\]]+)(?:\\s+[^\\]]*)?\\]([$#])(?:\\s(.*))?$");
    private static final Pattern DOLLAR = Pattern.compile("^" + VENV + "\\$(?:\\s(.*))?$");
    private static final Pattern POWERSHELL = Pattern.compile("^PS [A-Za-z]:\\\\[^>]*>\\s?(.*)$");
    /** {@code $sudo apt install ...}: a dollar glued to the command (a typo, read as meant). */
    private static final Pattern DOLLAR_GLUED = Pattern.compile("^\\$([a-z][\\w.-]*)(\\s.*)?$");
    /** {@code > telnet host 80}: Windows' cmd prompt written short; the command runs on the reader's computer. */
    private static final Pattern CMD = Pattern.compile("^>\\s(.*)$");
    private static final Pattern HASH = Pattern.compile("^" + VENV + "#\\s(.*)$");

    /** An explicit prompt ($, user@host, [user@host dir]$, PS C:\>), or null. */
    static Prompt explicit(String line) {
        Matcher m = USER_AT_HOST.matcher(line);
        if (m.matches()) {
            return new Prompt(prefix(line, m.group(6)), root(m.group(2), m.group(5)), m.group(3), nz(m.group(1)), nz(m.group(6)));
        }
        m = BRACKETED.matcher(line);
        if (m.matches()) {
            return new Prompt(prefix(line, m.group(5)), root(m.group(2), m.group(4)), m.group(3), nz(m.group(1)), nz(m.group(5)));
        }
        m = DOLLAR.matcher(line);
        if (m.matches()) {
            return new Prompt(prefix(line, m.group(2)), "", "", nz(m.group(1)), nz(m.group(2)));
        }
        m = POWERSHELL.matcher(line);
        if (m.matches()) {
            return new Prompt(prefix(line, m.group(1)), "", "localhost", "", nz(m.group(1)));
        }
        m = DOLLAR_GLUED.matcher(line);
        if (m.matches() && KnownCommands.isProgram(m.group(1))) {
            return new Prompt("$", "", "", "", line.substring(1));
        }
        m = CMD.matcher(line);
        if (m.matches() && !m.group(1).isBlank() && KnownCommands.isProgram(ShellWords.words(m.group(1)).isEmpty() ? ""
                : ShellWords.words(m.group(1)).get(0))) {
            return new Prompt("> ", "", "localhost", "", m.group(1));
        }
        return null;
    }

    /** A bare {@code # command} read as a root prompt (only in blocks written as a root session). */
    static Prompt rootHash(String line) {
        Matcher m = HASH.matcher(line);
        return m.matches() ? new Prompt(prefix(line, m.group(2)), "root", "", nz(m.group(1)), m.group(2)) : null;
    }

    boolean isPowerShell() {
        return text.startsWith("PS ");
    }

    private static String root(String user, String sign) {
        return sign.equals("#") && user.isEmpty() ? "root" : user;
    }

    private static String prefix(String line, String rest) {
        return rest == null ? line : line.substring(0, line.length() - rest.length());
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}

package io.labcheck.ssh;

import java.time.Duration;

/**
 * What a remote command did, as {@code ssh host command} would show it.
 *
 * @param exitCode   the exit status; for a command killed by a signal {@code 128 + signal number} as a shell
 *                   reports it (KILL gives 137; note that OpenSSH's {@code ssh} itself exits 255 then, so a
 *                   student's {@code echo $?} after {@code ssh} shows 255); {@code -1} when the server reported
 *                   neither (the command timed out, or the server closed the channel without a status)
 * @param exitSignal the signal name the server reported (RFC 4254 form, without {@code SIG}: {@code "KILL"}),
 *                   {@code null} when the command exited normally
 * @param stdout     standard output, decoded as UTF-8
 * @param stderr     standard error, decoded as UTF-8
 * @param took       wall time from opening the channel to the result
 * @param timedOut   the command was still running when the timeout expired; it was sent TERM and its channel
 *                   closed, and the output is what had arrived until then
 */
public record ExecResult(int exitCode, String exitSignal, String stdout, String stderr, Duration took,
        boolean timedOut) {

    /** Exit status 0 within the time allowed. */
    public boolean succeeded() {
        return !timedOut && exitCode == 0;
    }

    /** The server reported that a signal ended the command. */
    public boolean killedBySignal() {
        return exitSignal != null;
    }

    @Override
    public String toString() {
        String how = timedOut ? "timed out" : exitSignal != null ? "killed by SIG" + exitSignal + " (" + exitCode + ")"
                : "exit " + exitCode;
        return "ExecResult[" + how + " after " + took.toMillis() + " ms, stdout=" + quote(stdout)
                + ", stderr=" + quote(stderr) + "]";
    }

    private static String quote(String s) {
        String shown = s.length() > 200 ? s.substring(0, 200) + "…(" + s.length() + " chars)" : s;
        return '"' + shown.replace("\n", "\\n") + '"';
    }
}

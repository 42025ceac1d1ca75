package io.labcheck.ssh;

import java.util.Objects;

/**
 * Logging in failed. The message is what OpenSSH's {@code ssh} client prints on standard error in the same
 * situation (see {@link OpenSshMessages} for where each wording comes from), so a diagnosis can compare it with
 * what a lab document says the student will see; {@link #kind()} is the machine-readable reason.
 */
public final class SshFailure extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why logging in failed. */
    public enum Kind {
        /** The private key file is readable by group or others; OpenSSH ignores it. Fix: {@code chmod 400}. */
        KEY_PERMISSIONS,
        /** The private key file is missing, unreadable, or not a private key OpenSSH can load. */
        KEY_UNREADABLE,
        /** The server refused every key offered ("Permission denied (publickey)."). */
        AUTH_DENIED,
        /** No answer to the TCP connection attempt in time: a dropped SYN (security group, firewall, stopped host). */
        CONNECT_TIMEOUT,
        /** The host answered the TCP attempt with a reset: nothing listens on that port. */
        CONNECTION_REFUSED,
        /** The network reported the host or its network unreachable. */
        NO_ROUTE,
        /** The host name does not resolve. */
        UNKNOWN_HOST,
        /** The server's host key differs from the one seen earlier in this run for the same host and port. */
        HOST_KEY_CHANGED,
        /**
         * The TCP connection was made but the SSH conversation failed: closed or reset before the banner (a port
         * proxy with nothing behind it), no banner in time, or another protocol error.
         */
        PROTOCOL
    }

    private final Kind kind;
    private final SshTarget target;

    SshFailure(Kind kind, SshTarget target, String message) {
        this(kind, target, message, null);
    }

    SshFailure(Kind kind, SshTarget target, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.target = Objects.requireNonNull(target, "target");
    }

    public Kind kind() {
        return kind;
    }

    public SshTarget target() {
        return target;
    }

    /**
     * What a student reads: the kind, OpenSSH's last line (for a changed host key, its lines that name the file and
     * the mend), and for a refused key the two usual causes with the login users of the common images.
     */
    public String forStudent() {
        String said = kind == Kind.HOST_KEY_CHANGED ? String.join(" ", getMessage().lines()
                .filter(l -> l.startsWith("Offending") || l.contains("ssh-keygen") || l.startsWith("Host key for"))
                .map(String::strip).toList()) : getMessage().lines().reduce((a, b) -> b).orElse("");
        return kind + ": " + said + (kind == Kind.AUTH_DENIED ? " (the server refused this key for " + target.user()
                + ": another key, or another login user: ubuntu on Ubuntu's images, ec2-user on Amazon Linux's, admin"
                + " on Debian's)" : "");
    }
}

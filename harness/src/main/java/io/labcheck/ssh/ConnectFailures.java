package io.labcheck.ssh;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.InterruptedByTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.io.IoSession;

/**
 * Turns what MINA throws while logging in into an {@link SshFailure} with OpenSSH's wording. MINA wraps the
 * socket's exception in {@link SshException}s (and a connect timeout is a {@link TimeoutException} from its future,
 * or a {@link ConnectException} whose cause is one), so the whole cause chain is read, not just the top.
 */
final class ConnectFailures {

    /** The TCP connection could not be made. */
    static SshFailure tcp(SshTarget target, ConnectionTrace trace, Throwable thrown) {
        String host = target.host();
        int port = target.port();
        if (trace.hostKeyChange() != null) {
            // refused in the key exchange so fast that the connect future failed before it was handed the session
            return hostKeyChanged(target, trace.hostKeyChange(), thrown);
        }
        if (trace.connected()) {
            // The TCP connection was made and ended at once; MINA reports that in various ways.
            String message = has(thrown, TimeoutException.class) ? OpenSshMessages.bannerTimeout(host, port)
                    : wasReset(trace, thrown) ? OpenSshMessages.resetBeforeBanner(host, port)
                    : OpenSshMessages.closedBeforeBanner(host, port);
            return new SshFailure(SshFailure.Kind.PROTOCOL, target, message, thrown);
        }
        if (has(thrown, TimeoutException.class) || has(thrown, SocketTimeoutException.class)
                || has(thrown, InterruptedByTimeoutException.class)
                || messageHas(thrown, ConnectException.class, "timed out")) {
            return new SshFailure(SshFailure.Kind.CONNECT_TIMEOUT, target,
                    OpenSshMessages.connectFailed(host, port, "Connection timed out"), thrown);
        }
        if (has(thrown, UnresolvedAddressException.class) || has(thrown, UnknownHostException.class)) {
            return new SshFailure(SshFailure.Kind.UNKNOWN_HOST, target, OpenSshMessages.unknownHost(host), thrown);
        }
        if (messageHas(thrown, ConnectException.class, "refused")) {
            return new SshFailure(SshFailure.Kind.CONNECTION_REFUSED, target,
                    OpenSshMessages.connectFailed(host, port, "Connection refused"), thrown);
        }
        if (isReset(thrown)) {
            // The handshake completed and the peer reset at once (a port proxy with nothing behind it), before
            // the connect was even reported: ssh's blocking connect has succeeded by then, and its read fails.
            return new SshFailure(SshFailure.Kind.PROTOCOL, target,
                    OpenSshMessages.resetBeforeBanner(host, port), thrown);
        }
        if (has(thrown, NoRouteToHostException.class) || messageHas(thrown, SocketException.class, "no route")) {
            return new SshFailure(SshFailure.Kind.NO_ROUTE, target,
                    OpenSshMessages.connectFailed(host, port, "No route to host"), thrown);
        }
        if (messageHas(thrown, SocketException.class, "network is unreachable")) {
            return new SshFailure(SshFailure.Kind.NO_ROUTE, target,
                    OpenSshMessages.connectFailed(host, port, "Network is unreachable"), thrown);
        }
        return new SshFailure(SshFailure.Kind.PROTOCOL, target,
                OpenSshMessages.connectFailed(host, port, describe(innermost(thrown))), thrown);
    }

    /** The TCP connection was made; the banner exchange, key exchange or authentication failed. */
    static SshFailure login(SshTarget target, ClientSession session, ConnectionTrace trace, Throwable thrown,
            boolean deadlineExpired, Duration timeout) {
        KnownHosts.Change change = session.getAttribute(KnownHosts.CHANGED);
        if (change == null) {
            change = trace.hostKeyChange();
        }
        if (change != null) {
            return hostKeyChanged(target, change, thrown);
        }
        if (noMoreAuthMethods(thrown)) {
            String methods = ServerAuthMethods.lastOffered(session);
            if (methods == null || methods.isEmpty()) {
                methods = "publickey";
            }
            return new SshFailure(SshFailure.Kind.AUTH_DENIED, target,
                    OpenSshMessages.permissionDenied(target.user(), target.host(), methods), thrown);
        }
        String address = remoteAddress(session, target);
        int port = target.port();
        boolean bannerSeen = session.getServerVersion() != null;
        boolean timedOut = deadlineExpired || has(thrown, TimeoutException.class);
        if (!bannerSeen) {
            if (timedOut) {
                return new SshFailure(SshFailure.Kind.PROTOCOL, target, OpenSshMessages.bannerTimeout(address, port),
                        thrown);
            }
            if (wasReset(trace, thrown)) {
                return new SshFailure(SshFailure.Kind.PROTOCOL, target,
                        OpenSshMessages.resetBeforeBanner(address, port), thrown);
            }
            return new SshFailure(SshFailure.Kind.PROTOCOL, target, OpenSshMessages.closedBeforeBanner(address, port),
                    thrown);
        }
        if (timedOut) {
            return new SshFailure(SshFailure.Kind.PROTOCOL, target, "Timed out after " + timeout.toMillis()
                    + " ms waiting for " + address + " port " + port + " to finish key exchange and authentication"
                    + " (server " + session.getServerVersion() + ")", thrown);
        }
        if (has(thrown, EOFException.class) || !session.isOpen()) {
            return new SshFailure(SshFailure.Kind.PROTOCOL, target, OpenSshMessages.closedByRemote(address, port)
                    + " (" + describe(innermost(thrown)) + ")", thrown);
        }
        return new SshFailure(SshFailure.Kind.PROTOCOL, target,
                "ssh: " + address + " port " + port + ": " + describe(innermost(thrown)), thrown);
    }

    private static SshFailure hostKeyChanged(SshTarget target, KnownHosts.Change change, Throwable thrown) {
        return new SshFailure(SshFailure.Kind.HOST_KEY_CHANGED, target,
                OpenSshMessages.hostKeyChanged(change.name(), change.known(), change.offered(), change.file()), thrown);
    }

    private static boolean isReset(Throwable thrown) {
        return messageHas(thrown, java.io.IOException.class, "connection reset");
    }

    /**
     * Whether the peer reset the connection rather than closing it. Only an explicit ECONNRESET counts: a "Broken
     * pipe" also follows a plain close (the peer's kernel resets our second write), so it is read as a close.
     */
    private static boolean wasReset(ConnectionTrace trace, Throwable thrown) {
        return isReset(thrown) || trace.errors().stream().anyMatch(ConnectFailures::isReset);
    }

    private static boolean noMoreAuthMethods(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof SshException e
                    && e.getDisconnectCode() == SshConstants.SSH2_DISCONNECT_NO_MORE_AUTH_METHODS_AVAILABLE) {
                return true;
            }
        }
        return false;
    }

    /** OpenSSH names the peer by address after connecting ({@code ssh_remote_ipaddr}). */
    private static String remoteAddress(ClientSession session, SshTarget target) {
        IoSession io = session.getIoSession();
        SocketAddress remote = io == null ? null : io.getRemoteAddress();
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return target.host();
    }

    private static boolean has(Throwable thrown, Class<? extends Throwable> type) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean messageHas(Throwable thrown, Class<? extends Throwable> type, String words) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (type.isInstance(t) && t.getMessage() != null
                    && t.getMessage().toLowerCase(Locale.ROOT).contains(words)) {
                return true;
            }
        }
        return false;
    }

    private static Throwable innermost(Throwable thrown) {
        Throwable t = thrown;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static String describe(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private ConnectFailures() {}
}

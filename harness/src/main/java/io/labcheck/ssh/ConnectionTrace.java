package io.labcheck.ssh;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;

/**
 * What happened to one connection attempt before the caller got hold of its session. When a peer resets or closes
 * right after accepting (a port proxy with nothing behind it), MINA may fail the connect future with an unrelated
 * exception ("No session attached"); this records that the TCP connection was in fact made, and the session's
 * errors, so the failure can be told as OpenSSH tells it.
 */
final class ConnectionTrace {

    static final AttributeKey<ConnectionTrace> KEY = new AttributeKey<>();

    /** Installed once on the client; fills the trace found in each session's connection context. */
    static final SessionListener LISTENER = new SessionListener() {
        @Override
        public void sessionCreated(Session session) {
            ConnectionTrace trace = of(session);
            if (trace != null) {
                trace.connected = true;
            }
        }

        @Override
        public void sessionException(Session session, Throwable t) {
            ConnectionTrace trace = of(session);
            if (trace != null) {
                trace.errors.add(t);
            }
        }
    };

    private volatile boolean connected;
    private volatile KnownHosts.Change hostKeyChange;
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();

    /**
     * The known-hosts check refused the server's key. Kept here as well as on the session: a session closed by that
     * refusal before the connect future was handed it can leave the future failed ("No session attached"), and the
     * caller then never sees the session.
     */
    void hostKeyChanged(KnownHosts.Change change) {
        hostKeyChange = change;
    }

    /** The refused key's change, or null when the key was not refused. */
    KnownHosts.Change hostKeyChange() {
        return hostKeyChange;
    }

    /** Whether the TCP connection was established (a session was created on it). */
    boolean connected() {
        return connected;
    }

    /** The errors the session reported, in order. */
    List<Throwable> errors() {
        return List.copyOf(errors);
    }

    static ConnectionTrace of(Session session) {
        if (session instanceof ClientSession client) {
            AttributeRepository context = client.getConnectionContext();
            return context == null ? null : context.getAttribute(KEY);
        }
        return null;
    }
}

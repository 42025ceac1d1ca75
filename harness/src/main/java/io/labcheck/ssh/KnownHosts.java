package io.labcheck.ssh;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.PublicKey;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's known_hosts, in memory: trust on first use, like OpenSSH's {@code StrictHostKeyChecking=accept-new}.
 * The first key a host:port shows is remembered; a different key later for the same host:port is refused (never
 * ignored), and the connection fails with {@link SshFailure.Kind#HOST_KEY_CHANGED}.
 *
 * <p>Entries are named as OpenSSH names them: {@code host} on port 22, {@code [host]:port} otherwise, with the host
 * exactly as given in the {@link SshTarget}. {@link #forget} is {@code ssh-keygen -R}: what a student does after an
 * address was reused by a new instance.
 */
public final class KnownHosts implements ServerKeyVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(KnownHosts.class);

    /** Set on the connection context by {@link SshConnector}: the name the entry is filed under. */
    static final AttributeKey<String> NAME = new AttributeKey<>();

    /** Set on a session whose server showed a different key than the one remembered. */
    static final AttributeKey<Change> CHANGED = new AttributeKey<>();

    /** A refused key: what was remembered for the name and what the server showed. */
    record Change(String name, PublicKey known, PublicKey offered) {}

    private final ConcurrentMap<String, PublicKey> keys = new ConcurrentHashMap<>();

    /** OpenSSH's {@code put_host_port()}: {@code host} on port 22, {@code [host]:port} otherwise. */
    public static String nameOf(String host, int port) {
        return port == 22 ? host : "[" + host + "]:" + port;
    }

    /** The key remembered for this host and port, if any. */
    public Optional<PublicKey> get(String host, int port) {
        return Optional.ofNullable(keys.get(nameOf(host, port)));
    }

    /** Forgets the host's key ({@code ssh-keygen -R}); returns whether one was known. */
    public boolean forget(String host, int port) {
        return keys.remove(nameOf(host, port)) != null;
    }

    /** Remembers a key ahead of the first connection (a host key known from elsewhere, e.g. the console output). */
    public void trust(String host, int port, PublicKey key) {
        keys.put(nameOf(host, port), key);
    }

    public int size() {
        return keys.size();
    }

    @Override
    public boolean verifyServerKey(ClientSession session, SocketAddress remoteAddress, PublicKey serverKey) {
        String name = nameFor(session, remoteAddress);
        PublicKey known = keys.putIfAbsent(name, serverKey);
        if (known == null) {
            LOG.debug("Permanently added '{}' ({}) to the run's known hosts: {}", name,
                    OpenSshMessages.keyType(serverKey), OpenSshMessages.fingerprint(serverKey));
            return true;
        }
        if (KeyUtils.compareKeys(known, serverKey)) {
            return true;
        }
        LOG.debug("Host key for {} changed: known {} {}, offered {} {}", name, OpenSshMessages.keyType(known),
                OpenSshMessages.fingerprint(known), OpenSshMessages.keyType(serverKey),
                OpenSshMessages.fingerprint(serverKey));
        session.setAttribute(CHANGED, new Change(name, known, serverKey));
        return false;
    }

    private static String nameFor(ClientSession session, SocketAddress remoteAddress) {
        AttributeRepository context = session.getConnectionContext();
        String name = context == null ? null : context.getAttribute(NAME);
        if (name != null) {
            return name;
        }
        // Not connected through SshConnector: fall back to the address the socket reached.
        InetSocketAddress address = (InetSocketAddress) remoteAddress;
        return nameOf(address.getHostString(), address.getPort());
    }
}

package io.labcheck.ssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
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
 *
 * <p>{@link #file} keeps them across runs in an OpenSSH-format file ({@code name keytype base64} a line), as a
 * student's {@code ~/.ssh/known_hosts} does: what {@code grade} and {@code doctor} use against a real server, so a
 * server that shows a different key next week is refused, saying which file to mend.
 */
public final class KnownHosts implements ServerKeyVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(KnownHosts.class);

    /** Set on the connection context by {@link SshConnector}: the name the entry is filed under. */
    static final AttributeKey<String> NAME = new AttributeKey<>();

    /** Set on a session whose server showed a different key than the one remembered. */
    static final AttributeKey<Change> CHANGED = new AttributeKey<>();

    /** A refused key: what was remembered for the name and what the server showed. */
    record Change(String name, PublicKey known, PublicKey offered, Optional<Path> file) {}

    private final ConcurrentMap<String, PublicKey> keys = new ConcurrentHashMap<>();
    private final Path file;

    /** The run's known hosts, in memory only. */
    public KnownHosts() {
        this.file = null;
    }

    private KnownHosts(Path file) {
        this.file = file;
    }

    /**
     * Known hosts kept in {@code file} (made on first use, with its directory): the keys it holds are trusted, a
     * host seen first is added to it. Lines it cannot read (hashed names, options, other tools' markers) are left as
     * they are and not used.
     */
    public static KnownHosts file(Path file) {
        KnownHosts k = new KnownHosts(file);
        if (Files.isRegularFile(file)) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the known hosts file " + file, e);
            }
            for (String line : lines) {
                String[] f = line.strip().split("\\s+", 2);
                if (f.length < 2 || f[0].startsWith("#") || f[0].startsWith("|") || f[0].startsWith("@")) {
                    continue;
                }
                try {
                    PublicKey key = PublicKeyEntry.parsePublicKeyEntry(f[1].strip())
                            .resolvePublicKey(null, Map.of(), PublicKeyEntryResolver.IGNORING);
                    if (key != null) {
                        for (String name : f[0].split(",")) {
                            k.keys.putIfAbsent(name, key);
                        }
                    }
                } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
                    LOG.debug("known hosts {}: line not read ({}): {}", file, e.getMessage(), line);
                }
            }
        }
        return k;
    }

    /** Where these known hosts are kept, when they are. */
    public Optional<Path> path() {
        return Optional.ofNullable(file);
    }

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
        PublicKey known = check(name, serverKey);
        if (known == null) {
            return true;
        }
        Change change = new Change(name, known, serverKey, Optional.ofNullable(file));
        session.setAttribute(CHANGED, change);
        ConnectionTrace trace = ConnectionTrace.of(session);
        if (trace != null) {
            trace.hostKeyChanged(change);
        }
        return false;
    }

    /** Trust on first use: null when {@code offered} is accepted for {@code name}, else the key known for it. */
    PublicKey check(String name, PublicKey offered) {
        PublicKey known = keys.putIfAbsent(name, offered);
        if (known == null) {
            LOG.debug("Permanently added '{}' ({}) to the known hosts: {}", name,
                    OpenSshMessages.keyType(offered), OpenSshMessages.fingerprint(offered));
            remember(name, offered);
            return null;
        }
        if (KeyUtils.compareKeys(known, offered)) {
            return null;
        }
        LOG.debug("Host key for {} changed: known {} {}, offered {} {}", name, OpenSshMessages.keyType(known),
                OpenSshMessages.fingerprint(known), OpenSshMessages.keyType(offered),
                OpenSshMessages.fingerprint(offered));
        return known;
    }

    /** Appends a first-seen host to the file, as OpenSSH's accept-new does; one line, written whole. */
    private synchronized void remember(String name, PublicKey key) {
        if (file == null || onLoopback(name)) {
            return; // a loopback address is this machine: the practice cloud's, recycled every run, never a server's
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, name + " " + PublicKeyEntry.toString(key) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException | IllegalArgumentException e) {
            // the connection may go on (the key is trusted for this run); the next run will ask again
            LOG.warn("could not add {} to the known hosts file {}: {}", name, file, e.getMessage());
        }
    }

    private static boolean onLoopback(String name) {
        String host = name.startsWith("[") ? name.substring(1, name.indexOf(']')) : name;
        return host.startsWith("127.") || host.equals("::1") || host.equals("localhost");
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

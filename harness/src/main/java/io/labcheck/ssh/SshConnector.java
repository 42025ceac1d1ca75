package io.labcheck.ssh;

import java.io.IOException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.password.PasswordIdentityProvider;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientConnectionServiceFactory;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.future.CancelOption;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.core.CoreModuleProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens SSH sessions the way a student's {@code ssh -i key.pem -o BatchMode=yes user@host} would, on Apache MINA
 * SSHD. One per run: it owns a started MINA client, the run's {@link KnownHosts}, and every session it opened;
 * {@link #close()} closes them all and stops the client's threads.
 *
 * <p>Like OpenSSH with {@code -i}: only the given key is offered (no ~/.ssh identities, agent, ssh_config or
 * passwords), the key file's permissions are checked before any network traffic, host keys are trusted on first
 * use and refused when they change, and failures carry OpenSSH's messages ({@link SshFailure}).
 *
 * <pre>{@code
 * try (SshConnector ssh = new SshConnector();
 *      SshSession server = ssh.connect(SshTarget.ubuntu(ip, keyFile), Duration.ofSeconds(10))) {
 *     ExecResult r = server.exec("systemctl is-active nginx", Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class SshConnector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SshConnector.class);

    private final SshClient client;
    private final KnownHosts knownHosts;
    private final Set<SshSession> sessions = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** A connector whose known hosts live as long as it does (a run's). */
    public SshConnector() {
        this(new KnownHosts());
    }

    /** A connector that trusts and records host keys in {@code knownHosts} ({@link KnownHosts#file}: across runs). */
    public SshConnector(KnownHosts knownHosts) {
        this.knownHosts = knownHosts;
        client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(knownHosts);
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY); // no ~/.ssh/config
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER); // no ~/.ssh/id_* keys
        client.setPasswordIdentityProvider(PasswordIdentityProvider.EMPTY_PASSWORDS_PROVIDER);
        client.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        client.setServiceFactories(List.of(ServerAuthMethods.FACTORY, ClientConnectionServiceFactory.INSTANCE));
        // OpenSSH never closes an idle session by itself; MINA would after 10 minutes.
        CoreModuleProperties.IDLE_TIMEOUT.set(client, Duration.ZERO);
        client.addSessionListener(ConnectionTrace.LISTENER);
        client.start();
    }

    /** The run's known hosts: look at, pre-trust or forget ({@code ssh-keygen -R}) host keys. */
    public KnownHosts knownHosts() {
        return knownHosts;
    }

    /**
     * Logs in to {@code target} with its private key.
     *
     * @param timeout bounds the whole login: the TCP connection, the server's banner, key exchange and
     *                authentication (OpenSSH's ConnectTimeout covers the first two). Resolving a host name happens
     *                inside it but is bounded only by the system resolver's own timeouts.
     * @throws SshFailure with OpenSSH's message; for key file problems before any network traffic
     */
    public SshSession connect(SshTarget target, Duration timeout) throws SshFailure {
        return connect(target, timeout, timeout);
    }

    /**
     * Logs in to {@code target}, the TCP connection alone bounded by {@code connectTimeout} (OpenSSH's
     * ConnectTimeout) within {@code timeout} for the whole login: a dropped port costs the short bound, and a
     * server slow to authenticate still gets the long one. One connection, so sshd sees one login, not a probe
     * and then a login (two unauthenticated connections count twice against its MaxStartups).
     */
    public SshSession connect(SshTarget target, Duration connectTimeout, Duration timeout) throws SshFailure {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(timeout, "timeout");
        if (closed) {
            throw new IllegalStateException("this SshConnector is closed");
        }
        KeyPair identity = PrivateKeyFile.load(target);
        Deadline deadline = Deadline.after(timeout);
        ConnectionTrace trace = new ConnectionTrace();
        ClientSession session = openConnection(target, connectTimeout.compareTo(timeout) < 0
                ? Deadline.after(connectTimeout) : deadline, trace);
        try {
            session.addPublicKeyIdentity(identity);
            session.auth().verify(deadline.remainingAtLeastOneMilli(), CancelOption.CANCEL_ON_TIMEOUT);
        } catch (IOException | RuntimeException e) {
            SshFailure failure = ConnectFailures.login(target, session, trace, e, deadline.expired(), timeout);
            session.close(true);
            LOG.debug("login to {} failed: {}", target, failure.kind());
            throw failure;
        }
        SshSession opened = new SshSession(target, session, () -> forget(session));
        sessions.add(opened);
        session.addCloseFutureListener(f -> forget(session)); // also when the server ends it
        if (closed) { // closed while we were connecting
            opened.close();
            throw new IllegalStateException("this SshConnector was closed while connecting");
        }
        LOG.debug("logged in to {}", target);
        return opened;
    }

    private ClientSession openConnection(SshTarget target, Deadline deadline, ConnectionTrace trace)
            throws SshFailure {
        Map<AttributeRepository.AttributeKey<?>, Object> context = Map.of(
                KnownHosts.NAME, target.knownHostsName(),
                ConnectionTrace.KEY, trace);
        try {
            ConnectFuture future = client.connect(target.user(), target.host(), target.port(),
                    AttributeRepository.ofAttributesMap(context), null);
            return future.verify(deadline.remainingAtLeastOneMilli(), CancelOption.CANCEL_ON_TIMEOUT)
                    .getClientSession();
        } catch (IOException | RuntimeException e) {
            throw ConnectFailures.tcp(target, trace, e);
        }
    }

    private void forget(ClientSession session) {
        sessions.removeIf(s -> s.isSameConnection(session));
    }

    /** Sessions opened and still open. */
    public int openSessions() {
        return sessions.size();
    }

    /** Closes every session it opened and stops the MINA client and its threads. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (SshSession s : List.copyOf(sessions)) {
            s.close();
        }
        client.stop();
    }
}

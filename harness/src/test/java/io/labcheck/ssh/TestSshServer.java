package io.labcheck.ssh;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;

import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.file.nativefs.NativeFileSystemFactory;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.Signal;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.password.PasswordAuthenticator;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.shell.ProcessShellFactory;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A real in-process MINA SSH server on 127.0.0.1 standing in for an instance's OpenSSH sshd: public-key login for
 * user {@code ubuntu} with exactly one authorized key, commands run by {@code /bin/sh -c} (as sshd runs them through
 * the login shell), SFTP on the real file system, and OpenSSH's way of reporting a command killed by a signal.
 */
final class TestSshServer implements AutoCloseable {

    private final PublicKey authorizedKey;
    private final boolean alsoPasswords;
    private SshServer server;
    private int port;
    /** How long each public-key check takes: a server slow to authenticate (a loaded instance). */
    private java.time.Duration authDelay = java.time.Duration.ZERO;

    private TestSshServer(PublicKey authorizedKey, boolean alsoPasswords) {
        this.authorizedKey = authorizedKey;
        this.alsoPasswords = alsoPasswords;
    }

    /** Starts on a free port with a host key kept in {@code hostKeyFile} (generated if absent). */
    static TestSshServer start(PublicKey authorizedKey, Path hostKeyFile) throws IOException {
        TestSshServer s = new TestSshServer(authorizedKey, false);
        s.startOn(0, hostKeyFile);
        return s;
    }

    /** Like {@link #start}, each public-key check taking {@code authDelay}. */
    static TestSshServer startSlowToAuthenticate(PublicKey authorizedKey, Path hostKeyFile, java.time.Duration authDelay)
            throws IOException {
        TestSshServer s = new TestSshServer(authorizedKey, false);
        s.authDelay = authDelay;
        s.startOn(0, hostKeyFile);
        return s;
    }

    /** Like {@link #start} but also offering password authentication (which never succeeds). */
    static TestSshServer startWithPasswords(PublicKey authorizedKey, Path hostKeyFile) throws IOException {
        TestSshServer s = new TestSshServer(authorizedKey, true);
        s.startOn(0, hostKeyFile);
        return s;
    }

    int port() {
        return port;
    }

    /** Stops and starts again on the same port with the host key in {@code hostKeyFile}. */
    void restart(Path hostKeyFile) throws IOException {
        stop();
        startOn(port, hostKeyFile);
    }

    void stop() throws IOException {
        if (server != null) {
            server.stop(true);
            server = null;
        }
    }

    @Override
    public void close() throws IOException {
        stop();
    }

    private void startOn(int wantedPort, Path hostKeyFile) throws IOException {
        SshServer s = SshServer.setUpDefaultServer();
        s.setHost("127.0.0.1");
        s.setPort(wantedPort);
        s.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(hostKeyFile));
        s.setPublickeyAuthenticator((user, key, session) -> {
            if (!authDelay.isZero()) {
                try {
                    Thread.sleep(authDelay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return "ubuntu".equals(user) && KeyUtils.compareKeys(authorizedKey, key);
        });
        s.setKeyboardInteractiveAuthenticator(null);
        s.setPasswordAuthenticator(alsoPasswords ? (PasswordAuthenticator) (user, password, session) -> false : null);
        s.setCommandFactory((channel, command) ->
                new ProcessShellFactory(command, List.of("/bin/sh", "-c", command)).createShell(channel));
        s.setChannelFactories(List.of(new ExitSignalChannels()));
        s.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        s.setFileSystemFactory(NativeFileSystemFactory.INSTANCE);
        s.start();
        server = s;
        port = s.getPort();
    }

    /** Session channels that report a signal death with "exit-signal" instead of "exit-status", as sshd does. */
    private static final class ExitSignalChannels implements ChannelFactory {
        @Override
        public String getName() {
            return "session";
        }

        @Override
        public Channel createChannel(Session session) {
            return new OpenSshLikeChannelSession();
        }
    }

    /**
     * Java reports a process killed by signal N as exit value 128 + N; OpenSSH's sshd ({@code session.c
     * session_exit_message}) sends {@code exit-signal} with the signal's name and no exit-status for it.
     */
    private static final class OpenSshLikeChannelSession extends ChannelSession {
        @Override
        protected void sendExitStatus(int exitValue) throws IOException {
            Signal signal = exitValue > 128 ? Signal.get(exitValue - 128) : null;
            if (signal == null) {
                super.sendExitStatus(exitValue);
                return;
            }
            Buffer buffer = getSession().createBuffer(SshConstants.SSH_MSG_CHANNEL_REQUEST, 64);
            buffer.putUInt(getRecipient());
            buffer.putString("exit-signal");
            buffer.putBoolean(false);
            buffer.putString(signal.name());
            buffer.putBoolean(false); // core dumped
            buffer.putString(""); // error message
            buffer.putString(""); // language tag
            writePacket(buffer);
        }
    }
}

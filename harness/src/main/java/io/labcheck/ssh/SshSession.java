package io.labcheck.ssh;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.Signal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A logged-in SSH connection to one host: run commands, copy files. Obtained from {@link SshConnector#connect};
 * closing it closes the connection (the connector also closes it when it closes).
 */
public final class SshSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SshSession.class);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

    private final SshTarget target;
    private final ClientSession session;
    private final Runnable onClose;
    private final FileTransfer files;

    SshSession(SshTarget target, ClientSession session, Runnable onClose) {
        this.target = target;
        this.session = session;
        this.onClose = onClose;
        this.files = new FileTransfer(session, target.user() + "@" + target.host() + ":" + target.port());
    }

    public SshTarget target() {
        return target;
    }

    boolean isSameConnection(ClientSession other) {
        return session == other;
    }

    /** Whether the connection is still up. */
    public boolean isOpen() {
        return session.isOpen();
    }

    /**
     * Runs {@code command} as {@code ssh host 'command'} does: through the login shell on the server, without a
     * terminal, with standard input at end of file (like {@code ssh -n}). Waits for the command to finish and its
     * output to end, at most {@code timeout}; then the command is sent TERM, its channel is closed, and the result
     * says {@link ExecResult#timedOut()}. The session stays usable.
     *
     * <p>Like OpenSSH, this waits until the command's output ends, not just until the shell exits: a process started
     * in the background that keeps the output open holds the command until the timeout, exactly as it holds a
     * student's {@code ssh}. Redirect it ({@code nohup app > app.log 2>&1 < /dev/null &}) and it returns at once.
     *
     * @throws IOException if the command could not be started, or the connection was lost while it ran
     */
    public ExecResult exec(String command, Duration timeout) throws IOException {
        Deadline deadline = Deadline.after(timeout);
        long start = System.nanoTime();
        CappedOutput out = new CappedOutput(CappedOutput.DEFAULT_LIMIT);
        CappedOutput err = new CappedOutput(CappedOutput.DEFAULT_LIMIT);
        ChannelExec channel;
        try {
            channel = session.createExecChannel(command);
        } catch (IOException e) {
            throw new IOException("cannot run '" + command + "' on " + where() + ": " + e.getMessage(), e);
        }
        boolean timedOut;
        try {
            channel.setOut(out);
            channel.setErr(err);
            boolean opened;
            try {
                channel.open().verify(deadline.remainingAtLeastOneMilli());
                opened = true;
            } catch (IOException e) {
                if (!deadline.expired()) {
                    throw new IOException("cannot run '" + command + "' on " + where() + ": " + e.getMessage(), e);
                }
                opened = false;
            }
            if (opened) {
                closeStdin(channel);
                Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED),
                        deadline.remaining());
                timedOut = events.contains(ClientChannelEvent.TIMEOUT);
            } else {
                timedOut = true;
            }
            if (timedOut) {
                sendSignal(channel, "TERM");
            }
        } finally {
            close(channel);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (timedOut) {
            LOG.debug("'{}' on {} timed out after {} ms", command, where(), took.toMillis());
            return new ExecResult(-1, null, out.text("stdout"), err.text("stderr"), took, true);
        }
        String signal = channel.getExitSignal();
        Integer status = channel.getExitStatus();
        if (signal == null && status == null && !session.isOpen()) {
            throw new IOException("Connection to " + target.host() + " closed by remote host while running '"
                    + command + "'");
        }
        int exitCode = signal != null ? shellExitCode(signal) : status != null ? status : -1;
        return new ExecResult(exitCode, signal, out.text("stdout"), err.text("stderr"), took, false);
    }

    /** Uploads a local file, keeping its permission bits (like {@code scp -p}). */
    public void upload(Path local, String remotePath, Duration timeout) throws IOException {
        int mode;
        try {
            mode = FileModes.toMode(Files.getPosixFilePermissions(local));
        } catch (UnsupportedOperationException e) {
            mode = 0644;
        }
        files.upload(() -> Files.newInputStream(local), local.toString(), remotePath, mode, timeout);
    }

    /** Writes {@code content} to {@code remotePath} with exactly the permission bits {@code mode} (e.g. 0600). */
    public void upload(byte[] content, String remotePath, int mode, Duration timeout) throws IOException {
        files.upload(() -> new ByteArrayInputStream(content), content.length + " bytes", remotePath, mode, timeout);
    }

    /** Copies a remote file to {@code local}, replacing it. */
    public void download(String remotePath, Path local, Duration timeout) throws IOException {
        files.download(remotePath, local, timeout);
    }

    /** Closes the connection, gracefully within two seconds, then forcibly. */
    @Override
    public void close() {
        try {
            if (!session.close(false).await(CLOSE_GRACE)) {
                session.close(true);
            }
        } catch (IOException e) {
            session.close(true);
        } finally {
            onClose.run();
        }
    }

    @Override
    public String toString() {
        return "SshSession[" + where() + (isOpen() ? "" : ", closed") + "]";
    }

    /** A shell's view of a signal death: 128 + the signal's number; -1 for a name this JVM does not know. */
    static int shellExitCode(String signalName) {
        Signal signal = Signal.get(signalName);
        return signal == null ? -1 : 128 + signal.getNumeric();
    }

    private String where() {
        return target.user() + "@" + target.host() + ":" + target.port();
    }

    /** RFC 4254 section 6.9; OpenSSH's sshd delivers it to the command's process group. */
    private static void sendSignal(ChannelExec channel, String signal) {
        if (!channel.isOpen()) {
            return;
        }
        try {
            Buffer buffer = channel.getSession().createBuffer(SshConstants.SSH_MSG_CHANNEL_REQUEST, 64);
            buffer.putUInt(channel.getRecipient());
            buffer.putString("signal");
            buffer.putBoolean(false);
            buffer.putString(signal);
            channel.writePacket(buffer);
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not send {} to the command: {}", signal, e.toString());
        }
    }

    /** Like {@code ssh -n}: the command reads end of file, so nothing waits for input that never comes. */
    private static void closeStdin(ChannelExec channel) {
        try {
            channel.getInvertedIn().close();
        } catch (IOException e) {
            LOG.debug("could not close the command's standard input: {}", e.toString());
        }
    }

    private static void close(ChannelExec channel) {
        try {
            if (!channel.close(false).await(CLOSE_GRACE)) {
                channel.close(true);
            }
        } catch (IOException e) {
            channel.close(true);
        }
    }
}

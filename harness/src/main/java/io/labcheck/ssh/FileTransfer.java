package io.labcheck.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.SftpModuleProperties;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClient.CloseableHandle;
import org.apache.sshd.sftp.client.SftpClient.OpenMode;
import org.apache.sshd.sftp.client.SftpClientFactory;

/**
 * Uploads and downloads over SFTP on an open session, each within a timeout: a watchdog on MINA's own scheduler
 * closes the SFTP channel when the time is up, which ends any wait for the server.
 */
final class FileTransfer {

    /** Opens the content to upload; called once. */
    @FunctionalInterface
    interface Content {
        InputStream open() throws IOException;
    }

    private final ClientSession session;
    private final String where; // user@host:port, for messages

    FileTransfer(ClientSession session, String where) {
        this.session = session;
        this.where = where;
    }

    /**
     * Writes {@code content} to {@code remotePath}, replacing it, with exactly {@code mode}. The mode is set on the
     * empty file before any byte is written, so a private file is never readable by others, not even briefly.
     */
    void upload(Content content, String what, String remotePath, int mode, Duration timeout) throws IOException {
        String action = "upload of " + what + " to " + where + ":" + remotePath;
        run(action, timeout, sftp -> {
            try (CloseableHandle handle = sftp.open(remotePath, OpenMode.Write, OpenMode.Create, OpenMode.Truncate)) {
                sftp.setStat(handle, new SftpClient.Attributes().perms(mode & 07777));
            }
            try (InputStream in = content.open(); OutputStream out = sftp.write(remotePath, OpenMode.Write)) {
                in.transferTo(out);
            }
        });
    }

    /** Copies {@code remotePath} to {@code local}, replacing it. */
    void download(String remotePath, Path local, Duration timeout) throws IOException {
        String action = "download of " + where + ":" + remotePath + " to " + local;
        run(action, timeout, sftp -> {
            try (InputStream in = sftp.read(remotePath)) {
                Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
            }
        });
    }

    private interface SftpWork {
        void run(SftpClient sftp) throws IOException;
    }

    private void run(String action, Duration timeout, SftpWork work) throws IOException {
        Deadline deadline = Deadline.after(timeout);
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> watchdog = null;
        try {
            SftpModuleProperties.SFTP_CHANNEL_OPEN_TIMEOUT.set(session, deadline.remainingAtLeastOneMilli());
            try (SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
                watchdog = scheduler().schedule(() -> {
                    timedOut.set(true);
                    closeQuietly(sftp);
                }, deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
                work.run(sftp);
            }
        } catch (IOException e) {
            if (timedOut.get() || deadline.expired()) {
                throw new IOException(action + " timed out after " + timeout.toMillis() + " ms", e);
            }
            throw new IOException(action + " failed: " + e.getMessage(), e);
        } finally {
            if (watchdog != null) {
                watchdog.cancel(false);
            }
        }
    }

    private ScheduledExecutorService scheduler() {
        return session.getFactoryManager().getScheduledExecutorService();
    }

    private static void closeQuietly(SftpClient sftp) {
        try {
            sftp.close();
        } catch (IOException | RuntimeException ignored) {
            // the transfer reports the timeout
        }
    }
}

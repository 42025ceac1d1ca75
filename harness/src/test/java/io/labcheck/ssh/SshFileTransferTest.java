package io.labcheck.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** SFTP uploads and downloads, with modes checked the way a student would: {@code stat} on the server. */
class SshFileTransferTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;

    @RegisterExtension
    static final LoggedIn LOGIN = LoggedIn.with(TestKeys.Type.RSA, TIMEOUT);

    static SshSession session;

    @BeforeAll
    static void loggedIn() {
        session = LOGIN.session();
    }

    private static String remoteMode(String path) throws IOException {
        return session.exec("stat -c %a " + path, TIMEOUT).stdout().trim();
    }

    @Test
    void bytesUploadedWithAModeComeBackIdentical() throws IOException {
        byte[] content = new byte[300_000];
        new Random(42).nextBytes(content);
        String remote = dir.resolve("remote-secret.bin").toString();

        session.upload(content, remote, 0600, TIMEOUT);
        Path back = dir.resolve("downloaded.bin");
        session.download(remote, back, TIMEOUT);

        assertThat(Files.readAllBytes(back)).isEqualTo(content);
        assertThat(remoteMode(remote)).isEqualTo("600");
    }

    @Test
    void reUploadReplacesContentAndMode() throws IOException {
        String remote = dir.resolve("app.env").toString();
        session.upload("A=1\nB=2\n".getBytes(StandardCharsets.UTF_8), remote, 0644, TIMEOUT);
        assertThat(remoteMode(remote)).isEqualTo("644");

        session.upload("A=3\n".getBytes(StandardCharsets.UTF_8), remote, 0640, TIMEOUT);

        assertThat(session.exec("cat " + remote, TIMEOUT).stdout()).isEqualTo("A=3\n");
        assertThat(remoteMode(remote)).isEqualTo("640");
    }

    @Test
    void uploadedFileKeepsItsLocalModeSoAScriptRuns() throws IOException {
        Path script = dir.resolve("hello.sh");
        Files.writeString(script, "#!/bin/sh\necho hello from script\n");
        TestKeys.chmod(script, 0750);
        String remote = dir.resolve("uploaded-hello.sh").toString();

        session.upload(script, remote, TIMEOUT);

        assertThat(remoteMode(remote)).isEqualTo("750");
        assertThat(session.exec(remote, TIMEOUT).stdout()).isEqualTo("hello from script\n");
    }

    @Test
    void downloadOfAMissingFileSaysWhichFile() {
        String missing = dir.resolve("no-such-file").toString();

        IOException e = catchThrowableOfType(IOException.class,
                () -> session.download(missing, dir.resolve("x"), TIMEOUT));

        assertThat(e).hasMessageStartingWith("download of ubuntu@127.0.0.1:" + LOGIN.port() + ":" + missing)
                .hasMessageContaining("failed");
        assertThat(session.isOpen()).isTrue();
    }

    @Test
    void uploadIntoAMissingDirectoryFails() {
        String remote = dir.resolve("no-such-dir/file.txt").toString();

        IOException e = catchThrowableOfType(IOException.class,
                () -> session.upload(new byte[] {1}, remote, 0644, TIMEOUT));

        assertThat(e).hasMessageContaining("upload of 1 bytes to").hasMessageContaining(remote);
    }

    @Test
    void transferIsBoundedByItsTimeout() throws IOException {
        byte[] big = new byte[64 * 1024 * 1024];
        long start = System.nanoTime();

        // 64 MiB in 20 ms would be 3 GB/s through SFTP: the bound ends it, on a fast machine as on a slow one
        IOException e = catchThrowableOfType(IOException.class,
                () -> session.upload(big, dir.resolve("big.bin").toString(), 0644, Duration.ofMillis(20)));

        assertThat(e).hasMessageContaining("timed out after 20 ms");
        assertThat(Files.exists(dir.resolve("big.bin")) ? Files.size(dir.resolve("big.bin")) : 0L)
                .as("the transfer stopped at its bound").isLessThan(big.length);
        // generous: only a transfer that ignored its bound and a stuck close take this long
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThat(session.exec("echo still here", TIMEOUT).stdout()).isEqualTo("still here\n");
    }
}

package io.labcheck.ssh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Host keys kept across runs, as a student's known_hosts keeps them: first use trusted and written, a change refused. */
class KnownHostsFileTest {

    private static KeyPair hostKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC"); // ecdsa-sha2-nistp256, as an sshd's host key can be
        g.initialize(256);
        return g.generateKeyPair();
    }

    @Test
    void aHostSeenFirstIsWrittenAndTrustedNextRunAndAChangedKeyIsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("labcheck/known_hosts");
        KeyPair server = hostKey();
        KnownHosts first = KnownHosts.file(file);
        assertThat(first.check("13.125.1.2", server.getPublic())).isNull();
        assertThat(first.check("[13.125.1.2]:2222", server.getPublic())).isNull();
        assertThat(Files.readAllLines(file)).containsExactly("13.125.1.2 " + PublicKeyEntry.toString(server.getPublic()),
                "[13.125.1.2]:2222 " + PublicKeyEntry.toString(server.getPublic()));

        KnownHosts nextRun = KnownHosts.file(file);
        assertThat(nextRun.check("13.125.1.2", server.getPublic())).as("the same key next run").isNull();
        KeyPair rebuilt = hostKey();
        assertThat(KeyUtils.compareKeys(nextRun.check("13.125.1.2", rebuilt.getPublic()), server.getPublic()))
                .as("a new key at a known address is refused, the known one given").isTrue();
        assertThat(Files.readAllLines(file)).hasSize(2);
    }

    @Test
    void loopbackAddressesAreThePracticeCloudsAndStayInMemory(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("known_hosts");
        KnownHosts k = KnownHosts.file(file);
        assertThat(k.check("127.77.3.4", hostKey().getPublic())).isNull();
        assertThat(k.check("[::1]:2222", hostKey().getPublic())).isNull();
        assertThat(file).doesNotExist();
    }

    @Test
    void linesItCannotReadAreLeftAlone(@TempDir Path dir) throws Exception {
        KeyPair server = hostKey();
        Path file = Files.writeString(dir.resolve("known_hosts"), "# mine\n|1|hashed= ssh-ed25519 AAAA\nnot a line\n"
                + "a.example,10.0.0.5 " + PublicKeyEntry.toString(server.getPublic()) + "\n");
        KnownHosts k = KnownHosts.file(file);
        assertThat(k.check("10.0.0.5", server.getPublic())).isNull();
        assertThat(KeyUtils.compareKeys(k.check("a.example", hostKey().getPublic()), server.getPublic())).isTrue();
        assertThat(Files.readString(file)).startsWith("# mine\n|1|hashed= ssh-ed25519 AAAA\nnot a line\n");
    }
}

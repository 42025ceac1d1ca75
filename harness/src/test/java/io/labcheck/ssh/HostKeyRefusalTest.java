package io.labcheck.ssh;

import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Optional;

import org.apache.sshd.common.SshException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server key refused by the known hosts is told as OpenSSH tells it, also when the refusal came so fast that MINA
 * failed the connect future ("No session attached") before handing over the session: the connection's trace keeps
 * the refusal. Under load that order happened once in a repeat-verify run, and the failure read as a protocol error.
 */
class HostKeyRefusalTest {
    private static PublicKey key() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        return g.generateKeyPair().getPublic();
    }

    @Test
    void aRefusalBeforeTheSessionWasHandedOverIsAChangedHostKey() throws Exception {
        SshTarget target = new SshTarget("127.0.0.1", 2222, "ubuntu", Path.of("lab.pem"));
        ConnectionTrace trace = new ConnectionTrace();
        SshFailure unrelated = ConnectFailures.tcp(target, trace, new SshException("No session attached"));
        assertThat(unrelated.kind()).as("without a refusal on record").isNotEqualTo(SshFailure.Kind.HOST_KEY_CHANGED);

        trace.hostKeyChanged(new KnownHosts.Change("[127.0.0.1]:2222", key(), key(), Optional.empty()));
        SshFailure failure = ConnectFailures.tcp(target, trace, new SshException("No session attached"));
        assertThat(failure.kind()).isEqualTo(SshFailure.Kind.HOST_KEY_CHANGED);
        assertThat(failure.getMessage()).contains("WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!")
                .endsWith("Host key for [127.0.0.1]:2222 has changed and you have requested strict checking.\n"
                        + "Host key verification failed.");
    }
}

package io.labcheck.ssh;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where to log in and with which key: what a student types as {@code ssh -i <privateKey> -p <port> <user>@<host>}.
 *
 * @param host       the host name or address exactly as the student would type it (messages repeat it verbatim)
 * @param port       the TCP port, 22 for a normal instance
 * @param user       the login user, {@code ubuntu} on the labs' instances
 * @param privateKey the private key file as the cloud API returned it (PEM RSA or OpenSSH ED25519), never copied
 */
public record SshTarget(String host, int port, String user, Path privateKey) {

    public SshTarget {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(privateKey, "privateKey");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host is blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, was " + port);
        }
    }

    /** The lab default: user {@code ubuntu}, port 22. */
    public static SshTarget ubuntu(String host, Path privateKey) {
        return new SshTarget(host, 22, "ubuntu", privateKey);
    }

    /** The same login on another port (a forwarded or published port in tests). */
    public SshTarget withPort(int newPort) {
        return new SshTarget(host, newPort, user, privateKey);
    }

    /** The same login with another key file. */
    public SshTarget withPrivateKey(Path newKey) {
        return new SshTarget(host, port, user, newKey);
    }

    /**
     * The name OpenSSH files this host's key under in known_hosts: {@code host} on port 22,
     * {@code [host]:port} otherwise.
     */
    public String knownHostsName() {
        return KnownHosts.nameOf(host, port);
    }

    @Override
    public String toString() {
        return user + "@" + host + ":" + port + " (key " + privateKey + ")";
    }
}

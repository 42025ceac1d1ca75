package io.labcheck.ssh;

import java.security.PublicKey;

import org.apache.sshd.common.config.keys.KeyUtils;

/**
 * The wordings OpenSSH's {@code ssh} client prints, in one place, so that failures read exactly as a student sees
 * them. Sources: openssh-portable V_9_2_P1 (Debian 12's ssh, the one on the build machines) and captures of that
 * binary's output:
 * <ul>
 * <li>{@code authfile.c} {@code sshkey_perm_ok()}: the UNPROTECTED PRIVATE KEY FILE block;</li>
 * <li>{@code sshconnect2.c} {@code load_identity_file()}: {@code Load key "%s": %s} with {@code ssherr.c}'s
 * texts ("bad permissions"; "error in libcrypto" is what OpenSSH 9.2 with OpenSSL 3 prints for a file that is not
 * a key, captured with {@code ssh -i garbage.pem});</li>
 * <li>{@code ssh.c} option {@code -i}: {@code Warning: Identity file %s not accessible: %s.};</li>
 * <li>{@code sshconnect2.c} {@code userauth()}: {@code %s@%s: Permission denied (%s).} with the server's list of
 * methods that can continue;</li>
 * <li>{@code sshconnect.c} {@code ssh_connect_direct()}: {@code ssh: connect to host %s port %s: %s} with
 * {@code strerror(errno)};</li>
 * <li>{@code sshconnect.c} {@code warn_changed_key()} and {@code check_host_key()}: REMOTE HOST IDENTIFICATION HAS
 * CHANGED;</li>
 * <li>{@code kex.c} {@code kex_exchange_identification()} / {@code packet.c} {@code sshpkt_fatal()}: failures
 * between the TCP connect and the server's banner.</li>
 * </ul>
 */
final class OpenSshMessages {

    private static final String AT_LINE = "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@";

    /** {@code authfile.c sshkey_perm_ok()} then {@code sshconnect2.c load_identity_file()}. */
    static String unprotectedKey(String keyFile, int mode) {
        return AT_LINE + "\n"
                + "@         WARNING: UNPROTECTED PRIVATE KEY FILE!          @\n"
                + AT_LINE + "\n"
                + "Permissions " + octalMode(mode) + " for '" + keyFile + "' are too open.\n"
                + "It is required that your private key files are NOT accessible by others.\n"
                + "This private key will be ignored.\n"
                + loadKey(keyFile, "bad permissions");
    }

    /** OpenSSH's {@code "0%3.3o"} of {@code st_mode & 0777}: 0644, 0604, 0077. */
    static String octalMode(int mode) {
        return "0" + String.format("%03o", mode & 0777);
    }

    /** {@code sshconnect2.c load_identity_file()}: {@code error_r(r, "Load key \"%s\"", filename)}. */
    static String loadKey(String keyFile, String reason) {
        return "Load key \"" + keyFile + "\": " + reason;
    }

    /** {@code ssh.c}, option {@code -i} naming a file that cannot be stat()ed. */
    static String identityNotAccessible(String keyFile, String reason) {
        return "Warning: Identity file " + keyFile + " not accessible: " + reason + ".";
    }

    /** {@code sshconnect2.c userauth()}: the fatal line when no method is left. */
    static String permissionDenied(String user, String host, String serverMethods) {
        return user + "@" + host + ": Permission denied (" + serverMethods + ").";
    }

    /** {@code sshconnect.c ssh_connect_direct()}: {@code "ssh: connect to host %s port %s: %s"}. */
    static String connectFailed(String host, int port, String strerror) {
        return "ssh: connect to host " + host + " port " + port + ": " + strerror;
    }

    /** {@code ssh.c}: {@code "ssh: Could not resolve hostname %s: %s"} with glibc's EAI_NONAME text. */
    static String unknownHost(String host) {
        return "ssh: Could not resolve hostname " + host + ": Name or service not known";
    }

    /** {@code kex.c}: the server closed the connection before sending its banner. */
    static String closedBeforeBanner(String address, int port) {
        return "kex_exchange_identification: Connection closed by remote host\n"
                + "Connection closed by " + address + " port " + port;
    }

    /** {@code kex.c}: the connection was reset before the server's banner. */
    static String resetBeforeBanner(String address, int port) {
        return "kex_exchange_identification: read: Connection reset by peer\n"
                + "Connection reset by " + address + " port " + port;
    }

    /** {@code kex.c}: no banner within ConnectTimeout. */
    static String bannerTimeout(String address, int port) {
        return "Connection timed out during banner exchange\n"
                + "Connection to " + address + " port " + port + " timed out";
    }

    /** {@code packet.c sshpkt_fatal()} for a connection that ends after the banner. */
    static String closedByRemote(String address, int port) {
        return "Connection closed by " + address + " port " + port;
    }

    /**
     * {@code sshconnect.c warn_changed_key()} and {@code check_host_key()} under StrictHostKeyChecking. OpenSSH's
     * lines about the known_hosts file ("Add correct host key in FILE", "Offending TYPE key in FILE:LINE", the
     * {@code ssh-keygen -R} hint) have no file to name here: the run's store is in memory, and the message says so
     * in one line instead.
     */
    static String hostKeyChanged(String knownHostsName, PublicKey known, PublicKey offered, java.util.Optional<java.nio.file.Path> file) {
        return AT_LINE + "\n"
                + "@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n"
                + AT_LINE + "\n"
                + "IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!\n"
                + "Someone could be eavesdropping on you right now (man-in-the-middle attack)!\n"
                + "It is also possible that a host key has just been changed.\n"
                + "The fingerprint for the " + keyType(offered) + " key sent by the remote host is\n"
                + fingerprint(offered) + ".\n"
                + "Please contact your system administrator.\n"
                + "Offending " + keyType(known) + " key in " + file.map(f -> f.toString()).orElse("this run's known hosts"
                + " (labcheck, in memory)") + ": " + fingerprint(known) + "\n"
                + file.map(f -> "  remove with:\n  ssh-keygen -f '" + f + "' -R '" + knownHostsName + "'\n"
                + "  (only when you know why it changed: a new server at an address you used before)\n").orElse("")
                + "Host key for " + knownHostsName + " has changed and you have requested strict checking.\n"
                + "Host key verification failed.";
    }

    /** {@code sshkey_type()}: RSA, ED25519, ECDSA, DSA. */
    static String keyType(PublicKey key) {
        String type = KeyUtils.getKeyType(key);
        if (type == null) {
            return key.getAlgorithm();
        }
        if (type.startsWith("ecdsa-")) {
            return "ECDSA";
        }
        return switch (type) {
            case "ssh-rsa" -> "RSA";
            case "ssh-ed25519" -> "ED25519";
            case "ssh-dss" -> "DSA";
            default -> type;
        };
    }

    /** OpenSSH's default fingerprint: {@code SHA256:} and unpadded base64. */
    static String fingerprint(PublicKey key) {
        return KeyUtils.getFingerPrint(key);
    }

    private OpenSshMessages() {}
}

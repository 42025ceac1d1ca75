package io.labcheck.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.Iterator;

import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks and loads a private key file the way {@code ssh -i FILE} does, before any network traffic: the file must
 * exist, be readable, not be open to group or others, and hold a key (PKCS#1 PEM RSA, OpenSSH format ED25519, and
 * whatever else MINA with BouncyCastle reads). Never logs or keeps the key's text; failures name the file only.
 *
 * <p>The permission rule is OpenSSH's ({@code authfile.c sshkey_perm_ok}): a key file owned by the current user
 * with any of the mode bits 077 set is refused. MINA's {@link KeyUtils#validateStrictKeyFilePermissions} finds the
 * violation; of its verdicts only those about the file's own mode count, because MINA is stricter than OpenSSH in
 * two ways a student's {@code ssh} is not: it also refuses a key in a group- or world-readable directory (a key in
 * {@code ~/Downloads} with mode 0755 works with OpenSSH) and a key owned by someone else.
 */
final class PrivateKeyFile {
    private static final Logger LOG = LoggerFactory.getLogger(PrivateKeyFile.class);

    /** What OpenSSH shows after a key was ignored; the server's method list is unknown without connecting. */
    private static final String ASSUMED_SERVER_METHODS = "publickey";

    static KeyPair load(SshTarget target) throws SshFailure {
        Path path = target.privateKey();
        String shown = path.toString(); // as given, the way ssh echoes its -i argument
        if (!Files.exists(path)) {
            throw failure(SshFailure.Kind.KEY_UNREADABLE, target,
                    OpenSshMessages.identityNotAccessible(shown, "No such file or directory"));
        }
        if (!Files.isReadable(path)) {
            throw failure(SshFailure.Kind.KEY_UNREADABLE, target,
                    OpenSshMessages.loadKey(shown, "Permission denied"));
        }
        Integer tooOpen = tooOpenMode(path);
        if (tooOpen != null) {
            throw failure(SshFailure.Kind.KEY_PERMISSIONS, target, OpenSshMessages.unprotectedKey(shown, tooOpen));
        }
        try (InputStream in = Files.newInputStream(path)) {
            Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(
                    null, NamedResource.ofName(shown), in, FilePasswordProvider.EMPTY);
            Iterator<KeyPair> it = pairs == null ? null : pairs.iterator();
            if (it != null && it.hasNext()) {
                KeyPair pair = it.next();
                LOG.debug("Loaded {} key {} from {}", OpenSshMessages.keyType(pair.getPublic()),
                        OpenSshMessages.fingerprint(pair.getPublic()), shown);
                return pair;
            }
        } catch (AccessDeniedException e) {
            throw failure(SshFailure.Kind.KEY_UNREADABLE, target, OpenSshMessages.loadKey(shown, "Permission denied"));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            // The parser's message may quote the file's content: keep only the exception's type.
            LOG.debug("{} is not a loadable private key ({})", shown, e.getClass().getName());
        }
        throw failure(SshFailure.Kind.KEY_UNREADABLE, target, OpenSshMessages.loadKey(shown, "error in libcrypto"));
    }

    /**
     * The file's mode ({@code & 0777}) if OpenSSH would call it too open, else {@code null}: owned by the current
     * user and with group or other bits set.
     */
    static Integer tooOpenMode(Path path) {
        SimpleImmutableEntry<String, Object> violation;
        try {
            violation = KeyUtils.validateStrictKeyFilePermissions(path);
        } catch (IOException e) {
            return null; // no POSIX permissions to read: nothing OpenSSH would check either
        }
        boolean fileModeViolation = violation != null
                && violation.getValue() instanceof PosixFilePermission
                && !violation.getKey().startsWith("Parent");
        if (!fileModeViolation || !ownedByCurrentUser(path)) {
            if (violation != null) {
                LOG.debug("{}: MINA reports '{}', which OpenSSH does not enforce", path, violation.getKey());
            }
            return null;
        }
        try {
            return FileModes.toMode(Files.getPosixFilePermissions(path));
        } catch (IOException e) {
            return null;
        }
    }

    /** OpenSSH only checks keys owned by the user running it ({@code st.st_uid == getuid()}). */
    private static boolean ownedByCurrentUser(Path path) {
        try {
            Object owner = Files.getAttribute(path, "unix:uid");
            long me = new com.sun.security.auth.module.UnixSystem().getUid();
            return owner instanceof Integer uid && uid.longValue() == me;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | LinkageError e) {
            return true; // cannot tell: check the mode, as MINA does
        }
    }

    private static SshFailure failure(SshFailure.Kind kind, SshTarget target, String lines) {
        return new SshFailure(kind, target,
                lines + "\n" + OpenSshMessages.permissionDenied(target.user(), target.host(), ASSUMED_SERVER_METHODS));
    }

    private PrivateKeyFile() {}
}

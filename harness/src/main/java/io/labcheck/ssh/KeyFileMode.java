package io.labcheck.ssh;

import java.nio.file.Path;

/** OpenSSH's permission rule for a private key file, in one place for everything that asks "would ssh refuse it?". */
public final class KeyFileMode {
    /**
     * Whether OpenSSH refuses {@code keyFile} for its mode: owned by the user running it, with any bit of 077 set
     * ({@code authfile.c sshkey_perm_ok}). A directory's mode, or another owner's file, does not count.
     */
    public static boolean tooOpen(Path keyFile) {
        return PrivateKeyFile.tooOpenMode(keyFile) != null;
    }

    private KeyFileMode() {}
}

package io.labcheck.ssh;

import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/** POSIX permission sets as the octal modes that {@code chmod}, {@code stat} and OpenSSH speak. */
final class FileModes {

    static int toMode(Set<PosixFilePermission> perms) {
        int mode = 0;
        for (PosixFilePermission p : perms) {
            mode |= switch (p) {
                case OWNER_READ -> 0400;
                case OWNER_WRITE -> 0200;
                case OWNER_EXECUTE -> 0100;
                case GROUP_READ -> 040;
                case GROUP_WRITE -> 020;
                case GROUP_EXECUTE -> 010;
                case OTHERS_READ -> 04;
                case OTHERS_WRITE -> 02;
                case OTHERS_EXECUTE -> 01;
            };
        }
        return mode;
    }

    private FileModes() {}
}

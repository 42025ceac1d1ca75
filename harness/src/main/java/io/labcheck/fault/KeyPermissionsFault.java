package io.labcheck.fault;

import io.labcheck.ssh.KeyFileMode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** chmod 644 on the student's private key: OpenSSH then refuses to use it. */
final class KeyPermissionsFault extends AbstractFault {
    private static final Set<PosixFilePermission> OPEN = PosixFilePermissions.fromString("rw-r--r--");
    private Set<PosixFilePermission> before;

    @Override
    public void inject(Deployment d) {
        try {
            before = Files.getPosixFilePermissions(d.keyFile());
            Files.setPosixFilePermissions(d.keyFile(), OPEN);
        } catch (IOException e) {
            throw new FaultException("cannot change the mode of " + d.keyFile() + ": " + e.getMessage(), e);
        }
    }

    /** Applied when {@code stat} shows the mode it was set to: what a student's {@code ls -l} shows. */
    @Override
    public Check applied(Deployment d) {
        Set<PosixFilePermission> now = mode(d);
        return new Check(now.equals(OPEN), d.keyFile().getFileName() + " is " + PosixFilePermissions.toString(now));
    }

    /** Whether ssh would refuse the deployment's key already, before any fault. */
    static boolean openAlready(Deployment d) {
        return d.keyFile() != null && KeyFileMode.tooOpen(d.keyFile());
    }

    @Override
    public void revert(Deployment d) {
        try {
            Files.setPosixFilePermissions(d.keyFile(), before);
        } catch (IOException e) {
            throw new FaultException("cannot restore the mode of " + d.keyFile() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Check reverted(Deployment d) {
        Set<PosixFilePermission> now = mode(d);
        return new Check(now.equals(before), d.keyFile().getFileName() + " is " + PosixFilePermissions.toString(now));
    }

    private static Set<PosixFilePermission> mode(Deployment d) {
        try {
            return Files.getPosixFilePermissions(d.keyFile());
        } catch (IOException e) {
            throw new FaultException("cannot read the mode of " + d.keyFile() + ": " + e.getMessage(), e);
        }
    }
}

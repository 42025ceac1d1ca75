package io.labcheck.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.UnaryOperator;

/**
 * Writes a file so that readers see the previous one or the whole new one, never half: into a
 * temporary file in the same directory (so the move is a rename), then moved over the old one.
 */
final class AtomicFiles {
    private AtomicFiles() {
    }

    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code dir/name}, creating {@code dir}; returns the file. {@code streams} wraps the temporary
     * file's stream (tests use it to break a write half-way).
     */
    static Path write(Path dir, String name, Content content, UnaryOperator<OutputStream> streams) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(name);
        Path temp = Files.createTempFile(dir, "." + name + "-", ".tmp");
        try {
            try (OutputStream out = streams.apply(Files.newOutputStream(temp))) {
                content.writeTo(out);
            }
            shareable(temp);
            move(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
        return target;
    }

    /** A temporary file is owner-only; what labcheck writes is meant to be shared (CI artifacts) and holds no secrets. */
    private static void shareable(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its defaults apply
        }
    }

    private static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}

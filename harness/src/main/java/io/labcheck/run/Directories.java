package io.labcheck.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** Temporary directories a run makes and removes. */
public final class Directories {
    /** Removes {@code dir} and everything under it; what cannot be removed stays (a temp dir the OS sweeps). */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind is harmless; nothing else to do
        }
    }

    private Directories() {}
}

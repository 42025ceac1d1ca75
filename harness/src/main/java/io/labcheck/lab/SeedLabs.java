package io.labcheck.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the seed lab documents are: {@code -Dlabcheck.seeds=DIR}, {@code LABCHECK_SEEDS}, else the
 * first {@code shared/seeds} found walking up from the working directory (the repository sits beside
 * shared/).
 */
public final class SeedLabs {
    public static final String EC2_FASTAPI = "001_3c50021fb78c7afb.txt";

    public static Path directory() {
        String configured = System.getProperty("labcheck.seeds", System.getenv("LABCHECK_SEEDS"));
        if (configured != null && !configured.isBlank()) {
            Path dir = Path.of(configured);
            if (!Files.isDirectory(dir)) {
                throw new LabDocumentException("labcheck.seeds points at " + dir + ", which is not a directory");
            }
            return dir;
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Optional<Path> found = Optional.of(p.resolve("shared/seeds")).filter(Files::isDirectory);
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw new LabDocumentException("cannot find the seed labs (shared/seeds beside the repository):"
                + " point -Dlabcheck.seeds or LABCHECK_SEEDS at their directory");
    }

    public static LabDocument read(String fileName) {
        return LabDocument.read(directory().resolve(fileName));
    }

    private SeedLabs() {}
}

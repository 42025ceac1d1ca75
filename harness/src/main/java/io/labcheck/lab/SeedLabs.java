package io.labcheck.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the seed lab documents are: {@code -Dlabcheck.seeds=DIR}, {@code LABCHECK_SEEDS}, else
 * {@code ../shared/seeds} beside the repository (its root is {@code -Dlabcheck.home}, or the nearest directory
 * above the working directory holding the project's root pom). Nowhere else: a stray shared/ does not stand in.
 */
public final class SeedLabs {
    public static Path directory() {
        String configured = System.getProperty("labcheck.seeds", System.getenv("LABCHECK_SEEDS"));
        if (configured != null && !configured.isBlank()) {
            Path dir = Path.of(configured);
            if (!Files.isDirectory(dir)) {
                throw new LabDocumentException("labcheck.seeds points at " + dir + ", which is not a directory");
            }
            return dir;
        }
        Optional<Path> beside = repository().map(r -> r.resolveSibling("shared").resolve("seeds")).filter(Files::isDirectory);
        return beside.orElseThrow(() -> new LabDocumentException("cannot find the seed labs (../shared/seeds beside the"
                + " repository): point -Dlabcheck.seeds or LABCHECK_SEEDS at their directory"));
    }

    /** The seeds' directory, or empty when there is none (a user's fresh clone has no shared/ beside it). */
    public static Optional<Path> find() {
        try {
            return Optional.of(directory());
        } catch (LabDocumentException e) {
            return Optional.empty();
        }
    }

    /** The repository's root: -Dlabcheck.home, else the nearest directory up from here with the project's root pom. */
    static Optional<Path> repository() {
        String home = System.getProperty("labcheck.home", "");
        if (!home.isBlank()) {
            return Optional.of(Path.of(home).toAbsolutePath().normalize());
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path pom = p.resolve("pom.xml");
            try {
                if (Files.isRegularFile(pom) && Files.readString(pom).contains("<artifactId>labcheck-parent</artifactId>")
                        && Files.isDirectory(p.resolve("harness"))) {
                    return Optional.of(p);
                }
            } catch (java.io.IOException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    public static LabDocument read(String fileName) {
        return LabDocument.read(directory().resolve(fileName));
    }

    private SeedLabs() {}
}

package io.labcheck.grade;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A class's servers, one a line: {@code host key [user]} separated by spaces, or {@code host,key[,user]} as CSV;
 * blank lines and {@code #} comments are skipped, and a header line starting with {@code host} is too. A key's
 * path is relative to the file.
 */
public record Roster(Path file, List<Server> servers) {

    /** One student's server, and the line of the roster that names it. */
    public record Server(String host, Path key, String user, int line) {}

    /** A roster that cannot be read as one, naming the file, the line and the fix. */
    public static final class RosterException extends RuntimeException {
        RosterException(String message) {
            super(message);
        }
    }

    public static Roster read(Path file, String defaultUser) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new RosterException("cannot read the hosts file " + file + ": " + e.getMessage());
        }
        Path dir = file.toAbsolutePath().getParent();
        List<Server> servers = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#") || (servers.isEmpty() && line.toLowerCase().startsWith("host"))) {
                continue;
            }
            String[] f = line.contains(",") ? line.split("\\s*,\\s*") : line.split("\\s+");
            String where = file + " line " + (i + 1);
            if (f.length < 2 || f.length > 3 || f[0].isBlank() || f[1].isBlank()) {
                throw new RosterException(where + ": '" + line + "' is not 'host key [user]' (or 'host,key,user')");
            }
            if (f[0].contains("@")) {
                throw new RosterException(where + ": '" + f[0] + "': give the address alone; the user goes third");
            }
            Path key = dir.resolve(f[1]).normalize();
            if (!Files.isRegularFile(key)) {
                throw new RosterException(where + ": the key " + f[1] + " is not a file (" + key + ")");
            }
            servers.add(new Server(f[0], key, f.length == 3 && !f[2].isBlank() ? f[2] : defaultUser, i + 1));
        }
        if (servers.isEmpty()) {
            throw new RosterException(file + " names no server: write one 'host key [user]' a line");
        }
        return new Roster(file, List.copyOf(servers));
    }
}

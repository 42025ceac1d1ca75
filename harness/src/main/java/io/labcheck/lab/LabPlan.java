package io.labcheck.lab;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A lab document read into a plan: its ordered steps (what runs where, with what the document says should come
 * out) and its troubleshooting entries, the data a chaos suite injects and checks.
 *
 * <pre>
 * LabPlan plan = LabPlan.read(Path.of("lab.md"));
 * plan.steps(Where.SERVER);                    // what runs on the server
 * plan.troubleshooting().get(0).fixCommands(); // the documented fix of the first problem
 * </pre>
 */
public final class LabPlan {
    private final String name;
    private final String title;
    private final List<LabStep> steps;
    private final List<TroubleshootingEntry> troubleshooting;
    private final List<String> warnings;

    LabPlan(String name, String title, List<LabStep> steps, List<TroubleshootingEntry> troubleshooting, List<String> warnings) {
        this.name = name;
        this.title = title;
        this.steps = List.copyOf(steps);
        this.troubleshooting = List.copyOf(troubleshooting);
        this.warnings = List.copyOf(warnings);
    }

    /**
     * Reads a lab document (Markdown, also saved as .txt).
     *
     * @throws LabDocumentException with a one-line message naming the problem and the fix: no such file, a
     *                              binary or non-UTF-8 file, an empty document, a document with no steps, a
     *                              malformed annotation
     */
    public static LabPlan read(Path path) {
        if (Files.isDirectory(path)) {
            throw new LabDocumentException(path + " is a directory: name the lab document itself (a .md or .txt file)");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new LabDocumentException("no lab document at " + path + ": check the path");
        } catch (IOException e) {
            throw new LabDocumentException("cannot read " + path + ": " + e.getMessage());
        }
        String text = decode(path, bytes);
        LabPlan plan = parse(path.getFileName().toString(), text);
        if (plan.steps.isEmpty()) {
            throw new LabDocumentException(path + " has no steps labcheck can find (no shell block, no console step"
                    + " naming its values): put the lab's commands in ```bash blocks");
        }
        return plan;
    }

    /** Reads Markdown text; {@code name} is used in messages. Never fails on odd Markdown; may have no steps. */
    public static LabPlan parse(String name, String markdown) {
        if (markdown.isBlank()) {
            throw new LabDocumentException(name + " is empty: write the lab's steps in it, or point labcheck at another file");
        }
        return LabReader.read(name, markdown.replace("\r\n", "\n").replace('\r', '\n'));
    }

    static String decode(Path path, byte[] bytes) {
        for (int i = 0; i < Math.min(bytes.length, 8192); i++) {
            if (bytes[i] == 0) {
                throw new LabDocumentException(path + " is a binary file, not a lab document: point labcheck at the"
                        + " lab's Markdown (.md or .txt)");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString()
                    .replaceFirst("^\uFEFF", "");
        } catch (CharacterCodingException e) {
            throw new LabDocumentException(path + " is not UTF-8 text: save the lab document as UTF-8 Markdown");
        }
    }

    /** The document's file name. */
    public String name() {
        return name;
    }

    /** The first heading (level 1 or 2), or "". */
    public String title() {
        return title;
    }

    public List<LabStep> steps() {
        return steps;
    }

    /**
     * The steps that write the file {@code path} names, in order: its path, or a path of the same file name (a command
     * names {@code deploy.sh} where the document wrote {@code ~/app/deploy.sh}, or the other way round).
     */
    public List<LabStep> writing(String path) {
        String base = path.substring(path.lastIndexOf('/') + 1);
        return steps.stream().filter(s -> s.kind() == StepKind.WRITE_FILE && s.file() != null)
                .filter(s -> s.file().path().equals(path) || s.file().path().equals(base)
                        || s.file().path().endsWith("/" + base)).toList();
    }

    /** The steps that run in one place, in order. */
    public List<LabStep> steps(Where where) {
        return steps.stream().filter(s -> s.where() == where).toList();
    }

    /** How many steps run in each place. */
    public Map<Where, Integer> countByWhere() {
        Map<Where, Integer> counts = new TreeMap<>();
        steps.forEach(s -> counts.merge(s.where(), 1, Integer::sum));
        return counts;
    }

    /** The troubleshooting section's problems, in document order. */
    public List<TroubleshootingEntry> troubleshooting() {
        return troubleshooting;
    }

    /** Problems with the document's annotations that did not stop the reading (e.g. one above no step). */
    public List<String> warnings() {
        return warnings;
    }

    /** Whether some step runs shell commands (a document with only console steps has none). */
    public boolean hasShellSteps() {
        return steps.stream().anyMatch(s -> s.kind() == StepKind.RUN || s.kind() == StepKind.WRITE_FILE);
    }
}

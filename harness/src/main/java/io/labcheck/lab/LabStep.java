package io.labcheck.lab;

import java.util.List;

/**
 * One step of a lab's plan, in document order.
 *
 * @param number         1-based position in the plan
 * @param name           the author's name for it (annotation {@code name=}) or one made from its section and first command
 * @param kind           run commands, write a file, a cloud action, or browse
 * @param where          where it runs
 * @param at             where it is in the document
 * @param commands       its shell commands (RUN; the editor command for WRITE_FILE); empty otherwise
 * @param file           the file written (WRITE_FILE), else null
 * @param cloud          the console/API action (CLOUD_ACTION), else null
 * @param url            the URL opened (BROWSE), else ""
 * @param expectedOutput what the document says should come out ("" if it does not say)
 * @param checks         checks the author added with annotations
 * @param skip           true when the author marked it to be skipped
 * @param implied        why the run takes a step the document never writes out ("the document writes deploy.sh and
 *                       never runs it"), "" for a step the document writes
 */
public record LabStep(int number, String name, StepKind kind, Where where, SourceLine at, List<Command> commands,
                      FileContent file, CloudAction cloud, String url, String expectedOutput, List<Check> checks,
                      boolean skip, Alternative alternative, String implied) {
    public LabStep {
        commands = List.copyOf(commands);
        checks = List.copyOf(checks);
    }

    /** One of several ways the document offers here, or null when the step is the only one. */
    public java.util.Optional<Alternative> alternativeOf() {
        return java.util.Optional.ofNullable(alternative);
    }

    /** The lab's section this step sits under, e.g. "5.4 애플리케이션 실행". */
    public String section() {
        return at.section();
    }

    /** A one-line summary: the commands, the file, the action or the URL. */
    public String summary() {
        return switch (kind) {
            case RUN -> String.join(" ; ", commands.stream().map(Command::text).toList())
                    + (implied.isEmpty() ? "" : " (implied: " + implied + ")");
            case WRITE_FILE -> "write " + file.path() + " (" + file.content().lines().count() + " lines"
                    + (file.language().isEmpty() ? "" : ", " + file.language()) + ")";
            case CLOUD_ACTION -> cloud.toString();
            case BROWSE -> "open " + url;
            case WORKFLOW -> "run the workflow " + file.path() + " (on a push)";
        };
    }
}

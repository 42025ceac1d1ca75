package io.labcheck.lab.lint;

import io.labcheck.lab.Command;
import io.labcheck.lab.LabPlan;
import io.labcheck.lab.LabStep;
import io.labcheck.lab.ShellWords;
import io.labcheck.lab.SourceLine;
import io.labcheck.lab.StepKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every file a plan writes with its content, however the document writes it: an editor then a block (a
 * WRITE_FILE step), or a heredoc inside a block of commands ({@code sudo tee /etc/x <<'EOF'}, {@code cat > x <<EOF}).
 */
final class WrittenFiles {
    /** A written file: {@code line} is the document line of the content's first line. */
    record File(String path, String language, String content, int line, List<String> headings) {
        SourceLine at(int index) {
            return new SourceLine(line + index, headings);
        }

        String[] lines() {
            return content.split("\n", -1);
        }

        boolean isNginx() {
            String p = path.toLowerCase(Locale.ROOT);
            return (p.contains("nginx") || language.equals("nginx")) && content.contains("{");
        }

        boolean isUnit() {
            return path.endsWith(".service");
        }
    }

    static List<File> of(LabPlan plan) {
        List<File> files = new ArrayList<>();
        for (LabStep step : plan.steps()) {
            if (step.kind() == StepKind.WRITE_FILE) {
                files.add(new File(step.file().path(), step.file().language(), step.file().content(), step.file().line(),
                        step.at().headings()));
            } else if (step.kind() == StepKind.RUN) {
                for (Command c : step.commands()) {
                    String target = c.heredoc().isEmpty() ? "" : target(c);
                    if (!target.isEmpty()) {
                        files.add(new File(target, "", c.heredoc(), c.line() + 1, step.at().headings()));
                    }
                }
            }
        }
        return files;
    }

    /** The file a heredoc command writes: tee's first argument, or the target of a {@code >} redirect. */
    private static String target(Command c) {
        for (String simple : c.simpleCommands()) {
            List<String> w = ShellWords.program(simple);
            if (!w.isEmpty() && w.get(0).equals("tee")) {
                return w.stream().skip(1).filter(a -> !a.startsWith("-")).findFirst().orElse("");
            }
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(">>?\\s*([^\\s<>|;&]+)").matcher(c.text());
        while (m.find()) {
            if (!m.group(1).equals("/dev/null")) {
                return m.group(1);
            }
        }
        return "";
    }

    private WrittenFiles() {}
}

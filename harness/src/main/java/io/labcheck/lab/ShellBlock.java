package io.labcheck.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fenced shell block split into what it holds: commands (prompts removed, continuation lines joined,
 * heredocs kept whole), the output the document shows after them, comments, and bare URLs (a browser step).
 *
 * <p>With prompts ({@code $ }, {@code ubuntu@host:~$ }) the prompt marks each command and every other line is
 * output. Without prompts a line is a command when it starts with a program's name (see {@link KnownCommands});
 * a block whose lines are all {@code # cmd} is read as a root session.
 */
final class ShellBlock {

    sealed interface Line permits CommandLine, OutputLine, CommentLine, UrlLine {
        int line();
    }

    record CommandLine(Command command, Prompt prompt) implements Line {
        public int line() {
            return command.line();
        }
    }

    record OutputLine(String text, int line) implements Line {}

    record CommentLine(String text, int line) implements Line {}

    record UrlLine(String url, int line) implements Line {}

    private static final Pattern HEREDOC = Pattern.compile("<<-?\\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\\1");
    private static final Pattern URL = Pattern.compile("^(?:#\\s*)?(https?://\\S+)$");

    final List<Line> lines;
    /** True for a block that explains a command word by word ({@code sudo  # run as root}) rather than a step. */
    final boolean explanation;
    final boolean prompted;

    private ShellBlock(List<Line> lines, boolean explanation, boolean prompted) {
        this.lines = List.copyOf(lines);
        this.explanation = explanation;
        this.prompted = prompted;
    }

    List<Command> commands() {
        return lines.stream().filter(l -> l instanceof CommandLine).map(l -> ((CommandLine) l).command()).toList();
    }

    boolean hasCommands() {
        return lines.stream().anyMatch(l -> l instanceof CommandLine);
    }

    boolean hasUrls() {
        return lines.stream().anyMatch(l -> l instanceof UrlLine);
    }

    /** The output lines, as one text (for an output-only block). */
    String outputText() {
        return String.join("\n", lines.stream().filter(l -> l instanceof OutputLine).map(l -> ((OutputLine) l).text()).toList());
    }

    /**
     * @param content   the block's literal content
     * @param firstLine the document line of the content's first line (1-based)
     */
    static ShellBlock parse(String content, int firstLine) {
        String[] raw = content.split("\n", -1);
        int n = raw.length > 0 && raw[raw.length - 1].isEmpty() ? raw.length - 1 : raw.length;
        boolean prompted = false;
        boolean unpromptedCommand = false;
        boolean rootCandidate = false;
        for (int i = 0; i < n; i++) {
            String l = raw[i].strip();
            if (Prompt.explicit(l) != null) {
                prompted = true;
            } else if (Prompt.rootHash(l) != null && KnownCommands.looksLikeCommand(Prompt.rootHash(l).command())) {
                rootCandidate = true;
            } else if (KnownCommands.looksLikeCommand(l)) {
                unpromptedCommand = true;
            }
        }
        boolean rootSession = !prompted && !unpromptedCommand && rootCandidate;

        List<Line> lines = new ArrayList<>();
        CommandLine last = null;
        Answers answers = new Answers(lines);
        for (int i = 0; i < n; i++) {
            int lineNo = firstLine + i;
            String l = raw[i].strip();
            if (l.isEmpty()) {
                last = null;
                continue;
            }
            if (answers.take(l)) {
                lines.add(new CommentLine(l.replaceFirst("^#+\\s*", ""), lineNo));
                continue;
            }
            answers.flush();
            Prompt prompt = Prompt.explicit(l);
            if (prompt == null && rootSession) {
                Prompt hash = Prompt.rootHash(l);
                prompt = hash != null && KnownCommands.looksLikeCommand(hash.command()) ? hash : null;
            }
            String body = prompt != null ? prompt.command().strip() : l;
            Matcher url = URL.matcher(body);
            if (url.matches()) {
                lines.add(new UrlLine(url.group(1), lineNo));
                last = null;
                continue;
            }
            boolean isCommand = prompted || rootSession ? prompt != null && !body.isEmpty()
                    : KnownCommands.looksLikeCommand(l);
            if (!isCommand) {
                if (l.startsWith("#") && (prompt == null)) {
                    lines.add(new CommentLine(l.replaceFirst("^#+\\s*", ""), lineNo));
                    continue;
                }
                if (prompt != null && body.isEmpty()) {
                    // an empty prompt ("ubuntu@host:~$") is what the terminal shows: output
                    lines.add(new OutputLine(l, lineNo));
                    continue;
                }
                lines.add(new OutputLine(raw[i].stripTrailing(), lineNo));
                if (last != null) {
                    int idx = lines.lastIndexOf(last);
                    last = new CommandLine(last.command().withOutput(raw[i].stripTrailing()), last.prompt());
                    lines.set(idx, last);
                }
                continue;
            }
            // a command: join continuation lines, then take a heredoc's body
            StringBuilder text = new StringBuilder(ShellWords.stripComment(body));
            while (endsWithContinuation(text) && i + 1 < n) {
                text.setLength(text.length() - 1);
                String next = raw[++i].strip();
                if (next.startsWith("> ")) {
                    next = next.substring(2);
                }
                text.append(' ').append(ShellWords.stripComment(next).strip());
            }
            String heredoc = "";
            Matcher h = HEREDOC.matcher(text);
            if (h.find()) {
                String terminator = h.group(2);
                StringBuilder doc = new StringBuilder();
                while (i + 1 < n && !raw[i + 1].strip().equals(terminator)) {
                    doc.append(raw[++i]).append('\n');
                }
                if (i + 1 < n) {
                    i++; // the terminator line
                }
                heredoc = doc.toString();
            }
            String user = prompt == null ? "" : prompt.user();
            Command command = new Command(text.toString().replaceAll("\\s+", " ").strip(), lineNo,
                    prompt == null ? "" : prompt.text(), user, heredoc, "");
            last = new CommandLine(command, prompt);
            lines.add(last);
            answers.after(last);
        }
        answers.flush();
        return new ShellBlock(lines, isExplanation(lines, raw, n, prompted), prompted);
    }

    /**
     * What the document says to type at a command's prompts, written as comments under it ({@code # 이메일 입력:
     * you@example.com}, {@code # Agree: Y}): each a label and a one-word answer (a trailing "(recommended)" aside).
     * Two such lines in a row, or one whose label says it is typed, are answers; one "# Example: x" is not.
     */
    private static final class Answers {
        private static final Pattern ANSWER = Pattern.compile("^#+\\s*([^:：#]{1,30}?)\\s*[:：]\\s*(\\S+)\\s*(?:\\([^)]*\\))?\\s*$");
        private static final Pattern NOT_A_PROMPT = Pattern.compile("(?iu)^(?:예|예시|example|e\\.g\\.?|note|참고|주의|tip|출력|결과|output"
                + "|url|path|경로|file|파일)$");
        private static final Pattern TYPED = Pattern.compile("(?iu)입력|동의|선택|answer|enter|type|agree|choose|confirm|prompt");
        private final List<Line> lines;
        private final List<String> pending = new ArrayList<>();
        private boolean typedLabel;
        private CommandLine command;

        Answers(List<Line> lines) {
            this.lines = lines;
        }

        /** A command line: the answers that follow are its own. */
        void after(CommandLine c) {
            command = c;
        }

        /** Whether {@code line} is an answer to the command above it (kept until {@link #flush}). */
        boolean take(String line) {
            Matcher m = ANSWER.matcher(line);
            if (command == null || !m.matches() || NOT_A_PROMPT.matcher(m.group(1).strip()).matches()) {
                return false;
            }
            pending.add(m.group(2));
            typedLabel |= TYPED.matcher(m.group(1)).find();
            return true;
        }

        /** The answers seen are the command's, if they are answers at all; what comes next belongs to no command. */
        void flush() {
            if (command != null && (pending.size() >= 2 || typedLabel && !pending.isEmpty())) {
                int idx = lines.lastIndexOf(command);
                Command c = command.command();
                for (String a : pending) {
                    c = c.withAnswer(a);
                }
                lines.set(idx, new CommandLine(c, command.prompt()));
            }
            pending.clear();
            typedLabel = false;
            command = null;
        }
    }

    private static boolean endsWithContinuation(CharSequence s) {
        return s.length() > 0 && s.charAt(s.length() - 1) == '\\';
    }

    /**
     * A block that glosses a command word by word: at least two lines carry a trailing comment, and some line
     * is not a command by itself ({@code app.main:app  # the app object}, {@code -y  # answer yes}).
     */
    private static boolean isExplanation(List<Line> lines, String[] raw, int n, boolean prompted) {
        if (prompted) {
            return false;
        }
        int commented = 0;
        int code = 0;
        boolean fragment = false;
        for (int i = 0; i < n; i++) {
            String l = raw[i].strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            code++;
            if (!ShellWords.comment(l).isEmpty()) {
                commented++;
            }
            String c = ShellWords.stripComment(l).strip();
            if (!KnownCommands.looksLikeCommand(c) || ShellWords.words(c).size() == 1) {
                fragment = true;
            }
        }
        return commented >= 2 && commented == code && fragment;
    }
}

package io.labcheck.lab;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.ListBlock;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.SourceSpan;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

/**
 * Reads a lab document's Markdown tree into a {@link LabPlan}: walks headings, paragraphs, fenced blocks and
 * annotations in document order, keeping the heading path, the section's role, the student's session (which
 * machine, which user) and the caption just above each block.
 *
 * <p>Inside a practice section, the text after a "why" question ("**왜 ...?**") explains rather than instructs:
 * its blocks are examples until a plain caption starts the next instruction.
 *
 * <p>A bold lead-in naming a way ("**Option 1: ...**", "**해결책 2: ...**") opens an alternative: the blocks after it
 * belong to it while each is code or led into code (a caption just above a block, a list holding blocks), until the
 * next way of the same choice, a heading, a rule, or text that discusses rather than instructs.
 */
final class LabReader {
    private static final Set<String> SHELL = Set.of("bash", "sh", "shell", "console", "zsh", "terminal", "powershell",
            "ps1", "pwsh", "cmd", "bat", "ps", "");
    private static final Set<String> OUTPUT = Set.of("json", "text", "txt", "output", "plaintext", "log");
    private static final Pattern FILE_NAME = Pattern.compile(
            "(?:^|[\\s(`])((?:[~./\\w-]*/)?[\\w.-]*\\.(?:py|txt|ya?ml|json|conf|ini|service|sh|env|toml|cfg|js|html))(?=$|[\\s):`,])"
                    + "|`(/[^`\\s]+|Dockerfile[^`\\s]*)`");
    private static final Pattern NUMBERED = Pattern.compile("^\\d+\\.\\s");
    private static final Pattern FIRST_LINE_FILE = Pattern.compile("^(?:#|//|--|;)\\s*((?:[\\w.-]+/)*[\\w-][\\w.-]*\\.\\w+)$");
    private static final List<String> EXAMPLE_WORDS = List.of("시나리오", "나쁜 예", "좋은 예", "scenario", "bad example");

    private record Caption(String text, boolean boldOnly, boolean question, int line) {}

    private record Level(int level, String text, SectionRole role) {}

    private final String name;
    private final Deque<Level> headings = new ArrayDeque<>();
    private final List<StepDraft> steps = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final TroubleshootingReader trouble = new TroubleshootingReader();
    private final ConsoleSteps console = new ConsoleSteps();
    private final Session session = new Session();
    private final Set<String> consoleSeen = new HashSet<>();
    private String title = "";
    private String[] source = new String[0];
    /** Where the innermost heading says its commands run ("Install dependencies on EC2"), or null. */
    private Where sectionHint;
    private boolean exampleMode;
    private Caption caption;
    private Annotation annotation;
    private StepDraft pendingEditor;
    /**
     * A fence info string that holds code: an opening brace left open ({@code nginxserver {}) or a statement's
     * semicolon. Attributes such as {@code bash {cmd=true}} close their brace.
     */
    private static final java.util.regex.Pattern SWALLOWED = java.util.regex.Pattern.compile("^\\S+\\s*\\{\\s*$|;\\s*$");
    private StepDraft lastBlockStep;
    /** Each choice's ways by number, keyed by the line of its first way: how many there are, which is recommended. */
    private final Map<Integer, Map<Integer, String>> choices = new LinkedHashMap<>();
    /** The bold-led way the blocks being read belong to, if any. */
    private Alternative openWay;
    /** The last bold-led way of this section, open or not: its choice's next way may follow some discussion. */
    private Alternative lastWay;

    private LabReader(String name) {
        this.name = name;
    }

    static LabPlan read(String name, String markdown) {
        LabReader reader = new LabReader(name);
        String text = FrontMatter.blankOut(markdown);
        reader.source = text.split("\n", -1);
        Node document = Parser.builder().includeSourceSpans(IncludeSourceSpans.BLOCKS).build()
                .parse(text);
        reader.walk(document);
        reader.flushEditor();
        reader.dropAnnotation();
        reader.noLoginRunsOnTheServer();
        reader.workflowsRun();
        reader.writtenFilesRun();
        List<LabStep> steps = new ArrayList<>();
        for (StepDraft d : reader.steps) {
            d.alternative = reader.settled(d.alternative);
            steps.add(d.build(steps.size() + 1));
        }
        return new LabPlan(name, reader.title, steps, reader.trouble.entries(), reader.warnings);
    }

    private static final Pattern WORKFLOW_FILE = Pattern.compile("(^|/)\\.github/workflows/[^/]+\\.ya?ml$");

    /**
     * A workflow the document writes runs when the student pushes it, as its {@code on:} says: a step of its own after
     * the file, and after the repository secrets the document sets next (the workflow reads them), so the run finds
     * the workflow where a student's push would start it.
     */
    private void workflowsRun() {
        for (int i = 0; i < steps.size(); i++) {
            StepDraft write = steps.get(i);
            if (write.kind != StepKind.WRITE_FILE || write.file == null || !WORKFLOW_FILE.matcher(write.file.path()).find()) {
                continue;
            }
            int after = i;
            for (int j = i + 1; j < steps.size(); j++) {
                StepDraft s = steps.get(j);
                if (s.kind == StepKind.CLOUD_ACTION && s.cloud.action().equals("SetRepositorySecret")) {
                    after = j;
                } else if (s.kind == StepKind.WRITE_FILE && s.file != null && WORKFLOW_FILE.matcher(s.file.path()).find()) {
                    break;
                }
            }
            StepDraft run = new StepDraft(StepKind.WORKFLOW, Where.RUNNER, write.at);
            run.file = write.file;
            run.alternative = write.alternative;
            steps.add(after + 1, run);
            i = Math.max(i, after + 1);
        }
    }

    private static final Pattern SHEBANG = Pattern.compile("^#!\\s*(?:/usr)?/bin/(?:env\\s+)?(bash|sh|dash|zsh)\\b");

    private static final Pattern COMPOSE_FILE = Pattern.compile("(^|/)[\\w.-]*compose[\\w.-]*\\.ya?ml$");
    private static final Pattern COMPOSE_DEFAULT = Pattern.compile("(^|/)(docker-)?compose\\.ya?ml$");

    /**
     * A file the document writes to be run and never runs is run where it was written, once the section's files are
     * written: a shell script (a {@code .sh} name or a {@code #!} line) with the interpreter its first line names, a
     * compose file with {@code up -d}. No command, file or other step may name it (a compose file of the default
     * name is also used by an {@code up} without {@code -f}). The step says it is implied.
     */
    private void writtenFilesRun() {
        for (int i = 0; i < steps.size(); i++) {
            StepDraft write = steps.get(i);
            if (write.kind != StepKind.WRITE_FILE || write.file == null || write.where == Where.RUNNER) {
                continue;
            }
            String path = write.file.path();
            String quoted = path.matches("[\\w./~+-]+") ? path : "'" + path.replace("'", "'\\''") + "'";
            String command;
            java.util.regex.Matcher shebang = SHEBANG.matcher(write.file.content());
            if (path.endsWith(".sh") || shebang.find()) {
                command = (shebang.find(0) ? shebang.group(1) : "bash") + " " + quoted;
            } else if (COMPOSE_FILE.matcher(path).find() && write.file.content().matches("(?s)(.*\\n)?services:\\s*\\n.*")) {
                if (COMPOSE_DEFAULT.matcher(path).find() && upsWithoutFile()) {
                    continue;
                }
                boolean v1 = steps.stream().flatMap(d -> d.commands.stream()).anyMatch(c -> c.text().contains("docker-compose"));
                command = (v1 ? "docker-compose" : "docker compose") + " -f " + quoted + " up -d";
            } else {
                continue;
            }
            if (namedElsewhere(path.substring(path.lastIndexOf('/') + 1), write)) {
                continue;
            }
            int after = i;
            while (after + 1 < steps.size() && steps.get(after + 1).kind == StepKind.WRITE_FILE
                    && steps.get(after + 1).where == write.where && steps.get(after + 1).at.section().equals(write.at.section())) {
                after++;
            }
            StepDraft run = new StepDraft(StepKind.RUN, write.where, write.at);
            run.commands.add(new Command(command, write.at.line(), "", "", "", ""));
            run.implied = "the document writes " + path + " and never runs it";
            run.alternative = write.alternative;
            steps.add(after + 1, run);
            i = after + 1;
        }
    }

    /** Whether a command brings a compose project up from its default file ({@code docker compose up}, no {@code -f}). */
    private boolean upsWithoutFile() {
        return steps.stream().flatMap(d -> d.commands.stream()).map(Command::text)
                .anyMatch(t -> t.matches("(?s).*\\bdocker(-compose|\\s+compose)\\b(?:(?!\\s-f\\s|--file).)*\\bup\\b.*"));
    }

    /** Whether any step but {@code write} names the file {@code base}: a command, a file's path or content. */
    private boolean namedElsewhere(String base, StepDraft write) {
        Pattern named = Pattern.compile("(^|[\\s/'\"=])" + Pattern.quote(base) + "($|[\\s'\";&|)])", Pattern.MULTILINE);
        for (StepDraft s : steps) {
            if (s == write) {
                continue;
            }
            if (s.commands.stream().anyMatch(c -> named.matcher(c.text()).find() || named.matcher(c.heredoc()).find())
                    || s.file != null && (named.matcher(s.file.path()).find() || named.matcher(s.file.content()).find())) {
                return true;
            }
        }
        return false;
    }

    /** What only a server does: install system packages, manage its services, configure its web server. */
    private static final Set<String> SERVER_ONLY = Set.of("apt", "apt-get", "yum", "dnf", "systemctl", "service",
            "nginx", "ufw", "certbot", "adduser", "useradd", "usermod", "firewall-cmd", "journalctl", "a2ensite",
            "supervisorctl", "amazon-linux-extras");

    /**
     * A document that never logs in (the console's browser terminal, or "you are on the server" left unsaid) still
     * runs its setup on the server: from the first step that only a server does, the steps placed on the workstation
     * only because the session starts there move to the server.
     */
    private void noLoginRunsOnTheServer() {
        if (session.everOnServer()) {
            return;
        }
        boolean onServer = false;
        for (StepDraft d : steps) {
            if (!d.assumed || d.where != Where.WORKSTATION) {
                continue;
            }
            onServer |= d.commands.stream().flatMap(c -> c.simpleCommands().stream()).map(ShellWords::program)
                    .anyMatch(p -> !p.isEmpty() && SERVER_ONLY.contains(p.get(0)));
            if (onServer) {
                d.where = Where.SERVER;
            }
        }
    }

    private void walk(Node parent) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNext()) {
            if (n instanceof Heading h) {
                onHeading(h);
            } else if (n instanceof ThematicBreak) {
                openWay = null;
            } else if (n instanceof ListBlock list) {
                if (!holdsCode(list)) {
                    openWay = null;
                }
                walk(n);
            } else if (n instanceof FencedCodeBlock f) {
                int fence = line(f);
                onBlock(f.getInfo() == null ? "" : f.getInfo().strip(), f.getLiteral(), fence, fence + 1, endLine(f));
            } else if (n instanceof IndentedCodeBlock i) {
                onBlock("", i.getLiteral(), line(i), line(i), endLine(i));
            } else if (n instanceof Paragraph p) {
                onParagraph(p);
            } else if (n instanceof HtmlBlock h) {
                onHtml(h.getLiteral(), line(h));
            } else {
                walk(n);
            }
        }
    }

    // --- headings ------------------------------------------------------------------------------------------

    private void onHeading(Heading h) {
        onHeading(inlineText(h).strip(), h.getLevel(), line(h));
    }

    private void onHeading(String text, int level, int line) {
        flushEditor();
        dropAnnotation();
        while (!headings.isEmpty() && headings.peek().level() >= level) {
            headings.pop();
        }
        SectionRole inherited = headings.isEmpty() ? SectionRole.PRACTICE : headings.peek().role();
        SectionRole own = SectionRole.of(text);
        SectionRole role = inherited == SectionRole.TROUBLESHOOTING || own == null ? inherited : own;
        headings.push(new Level(level, text, role));
        if (title.isEmpty() && level <= 2) {
            title = text;
        }
        exampleMode = false;
        caption = null;
        sectionHint = Hints.place(text);
        lastBlockStep = null;
        openWay = null;
        lastWay = null;
        if (role == SectionRole.TROUBLESHOOTING) {
            trouble.heading(text, at(line));
        }
    }

    /**
     * Lines that stand as headings in a document written without Markdown headings: each line of the paragraph
     * opens with a sign (🐞 7. Problems found, 📛 10.2 An error, ⚠️ Problem: ...) and is short. A section number
     * gives the level (7. is 2, 10.2 is 3); a line without one sits under the last. A check mark (✔️ Solution) is
     * the answer to the problem above it, not a section of its own. Null when the paragraph is prose.
     */
    private static List<String[]> pseudoHeadings(String text) {
        List<String[]> found = new ArrayList<>();
        for (String l : text.split("\n")) {
            String line = l.strip();
            java.util.regex.Matcher m = PSEUDO_HEADING.matcher(line);
            if (line.length() > 90 || !m.find() || line.endsWith(".") && !line.matches(".*\\.\\w{2,4}$")) {
                return null;
            }
            String number = m.group(1) == null ? "" : m.group(1).replaceFirst("\\.$", "");
            int level = number.isEmpty() ? 4 : Math.min(4, 2 + (int) number.chars().filter(c -> c == '.').count());
            found.add(new String[] {line, String.valueOf(level)});
        }
        return found;
    }

    private static boolean bold(Paragraph p) {
        return p.getFirstChild() instanceof StrongEmphasis; // a bold line is a caption
    }

    /** A sign (an emoji or symbol, not a check mark), then perhaps a section number, then words. */
    private static final java.util.regex.Pattern PSEUDO_HEADING = java.util.regex.Pattern.compile(
            "^(?![✔✅☑])[\\p{So}\\x{FE0F}\\x{200D}]+\\s*(\\d+(?:\\.\\d+)*\\.?)?\\s*\\p{L}");

    private SectionRole role() {
        return headings.isEmpty() ? SectionRole.PRACTICE : headings.peek().role();
    }

    private List<String> headingPath() {
        List<String> path = new ArrayList<>();
        headings.descendingIterator().forEachRemaining(l -> path.add(l.text()));
        return path;
    }

    private SourceLine at(int line) {
        return new SourceLine(line, headingPath());
    }

    // --- paragraphs: captions, console steps ------------------------------------------------------------------

    private void onParagraph(Paragraph p) {
        for (Node n = p.getFirstChild(); n != null; n = n.getNext()) {
            if (n instanceof HtmlInline html && html.getLiteral().startsWith("<!--")) {
                onHtml(html.getLiteral(), line(p));
            }
        }
        String text = inlineText(p).strip();
        List<String[]> pseudo = p.getParent() instanceof org.commonmark.node.Document && !bold(p) ? pseudoHeadings(text) : null;
        if (pseudo != null) {
            for (int i = 0; i < pseudo.size(); i++) {
                boolean untitled = title.isEmpty();
                onHeading(pseudo.get(i)[0], Integer.parseInt(pseudo.get(i)[1]), line(p) + i);
                if (untitled) {
                    title = ""; // a document's title is its own heading, not a sign-led line
                }
            }
            return;
        }
        boolean bold = p.getFirstChild() instanceof StrongEmphasis;
        String afterBold = bold ? text.substring(Math.min(text.length(), inlineText(p.getFirstChild()).length())).strip() : text;
        boolean boldOnly = bold && afterBold.replaceAll("[:：]|\\([^)]*\\)", "").isBlank();
        boolean question = text.replaceFirst("[:：]\\s*$", "").strip().endsWith("?") && text.length() < 120;
        boolean isCaption = bold && text.length() < 120 || question;
        List<ProseCommands.Found> prose = role() == SectionRole.BACKGROUND ? List.of()
                : ProseCommands.in(p, source, line(p), endLine(p));
        if (role() == SectionRole.TROUBLESHOOTING) {
            // "1. 502 bad gateway", "- if err connection", then its commands: a top-level item's first line names a
            // problem (items nested in one are its steps)
            boolean numberedProblem = p.getParent() instanceof org.commonmark.node.ListItem item
                    && item.getFirstChild() == p && item.getParent() != null
                    && item.getParent().getParent() instanceof org.commonmark.node.Document && text.length() < 160;
            // the item's first line is the problem; the commands written under it are its checks and fixes
            trouble.paragraph(numberedProblem && !isCaption ? text.lines().findFirst().orElse(text) : text,
                    isCaption || numberedProblem, line(p));
            prose.forEach(f -> trouble.block("$ " + f.text(), f.line(), f.line(), f.line()));
            return;
        }
        if (role() == SectionRole.PRACTICE) {
            // a sentence of the paragraph that opens a remedy: the entry is that sentence and what follows it
            String flat = text.lines().map(String::strip).collect(java.util.stream.Collectors.joining(" "));
            for (String sentence : flat.split("(?<=[.!?。])\\s+")) {
                if (TroubleshootingReader.REMEDY.matcher(sentence).find()) {
                    trouble.remedy(flat.substring(flat.indexOf(sentence)), at(line(p)));
                    break;
                }
            }
        }
        Caption before = caption;
        caption = isCaption || text.length() < 120 ? new Caption(text, boldOnly, question, line(p))
                : leadIn(text, line(p));
        if (role() == SectionRole.BACKGROUND) {
            return;
        }
        if (!exampleMode && ProseCommands.logsIn(text) && prose.stream().noneMatch(f -> f.text().startsWith("ssh "))
                && !ProseCommands.foretells(text)) {
            session.loggedInByProse(); // "connect to your instance": the commands after it run there
        }
        if (!prose.isEmpty() && !exampleMode) {
            flushEditor();
            // the sentence itself says where ("on your computer, run `chmod 400 key.pem`"), else the one above it
            Caption hint = Hints.place(text) != null || before == null ? new Caption(text, false, false, line(p)) : before;
            for (ProseCommands.Found f : prose) {
                shellSteps(ShellBlock.parse("$ " + f.text(), f.line()), "", hint);
            }
            caption = null;
        }
        String lead = bold ? inlineText(p.getFirstChild()).strip() : "";
        if (bold && Alternative.names(lead)) {
            openWay(lead, text, line(p));
        } else if (openWay != null && !(p.getNext() instanceof FencedCodeBlock || p.getNext() instanceof IndentedCodeBlock)) {
            openWay = null; // text that leads into no block discusses: the way it followed is over
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (question) {
            exampleMode = true;
        } else if (EXAMPLE_WORDS.stream().anyMatch(lower::contains) && bold) {
            exampleMode = true;
        } else if (boldOnly && !NUMBERED.matcher(text.replace("**", "")).find()) {
            exampleMode = false;
        }
        boolean statesTheLabsChoice = text.contains("이 Lab에서의 선택") || lower.contains("this lab uses");
        if (!exampleMode || question || statesTheLabsChoice) {
            consoleSteps(text, line(p));
        }
    }

    /**
     * A long paragraph's last sentence, when it leads into what follows ("... On your local machine create a new
     * directory:"): the caption a block after it has, for where it runs and what it is.
     */
    private static Caption leadIn(String text, int line) {
        String t = text.strip();
        if (!t.endsWith(":") && !t.endsWith("：")) {
            return null;
        }
        String[] sentences = t.split("(?<=[.!?。])\\s+");
        String last = sentences[sentences.length - 1];
        return last.length() < 120 ? new Caption(last, false, false, line) : null;
    }

    private void consoleSteps(String group, int line) {
        String context = String.join(" / ", headingPath());
        for (CloudAction action : console.extract(group, context)) {
            if (consoleSeen.add(action.toString())) {
                StepDraft d = new StepDraft(StepKind.CLOUD_ACTION, Where.CLOUD, at(line));
                d.cloud = action;
                emit(d);
            }
        }
    }

    // --- alternatives ----------------------------------------------------------------------------------------

    /** A bold lead-in naming a way: the next way of the open choice, or the first of a new one. */
    private void openWay(String lead, String label, int line) {
        int number = Alternative.number(lead);
        String word = Alternative.word(lead);
        if (lastWay != null && Alternative.word(lastWay.label()).equals(word) && number == lastWay.index() + 1) {
            openWay = new Alternative(lastWay.group(), number, label, 0, 0);
        } else if (number == 1) {
            openWay = new Alternative(line, 1, label, 0, 0);
        } else {
            openWay = null; // "Option 3" with no choice open: a mention, not a way
            return;
        }
        lastWay = openWay;
        choices.computeIfAbsent(openWay.group(), g -> new TreeMap<>()).put(number, label);
    }

    /** A way as read, with its choice's count and recommendation; none when its choice offers a single way. */
    private Alternative settled(Alternative read) {
        if (read == null) {
            return null;
        }
        Map<Integer, String> ways = choices.getOrDefault(read.group(), Map.of());
        if (ways.size() < 2) {
            return null;
        }
        List<Integer> recommended = ways.entrySet().stream().filter(e -> Alternative.recommends(e.getValue()))
                .map(Map.Entry::getKey).toList();
        return new Alternative(read.group(), read.index(), read.label(), ways.size(),
                recommended.size() == 1 ? recommended.get(0) : 0);
    }

    private static boolean holdsCode(Node n) {
        for (Node c = n.getFirstChild(); c != null; c = c.getNext()) {
            if (c instanceof FencedCodeBlock || c instanceof IndentedCodeBlock || holdsCode(c)) {
                return true;
            }
        }
        return false;
    }

    // --- annotations ------------------------------------------------------------------------------------------

    private void onHtml(String literal, int line) {
        Annotation a = Annotation.parse(literal, line);
        if (a != null) {
            annotation = annotation == null ? a : annotation.merge(a);
        }
    }

    private void dropAnnotation() {
        if (annotation != null) {
            warnings.add("line " + annotation.line() + ": this labcheck annotation is followed by no step before the"
                    + " next heading: put it just above the block it is about");
            annotation = null;
        }
    }

    // --- blocks -----------------------------------------------------------------------------------------------

    private void onBlock(String info, String literal, int fenceLine, int contentLine, int endLine) {
        if (SWALLOWED.matcher(info).find()) {
            // ```nginxserver { : the block's first line went into the fence's info string, out of the block
            warnings.add("line " + fenceLine + ": [fence.info] the fence's info string is '" + info + "': its code is"
                    + " not part of the block, so whoever copies the block misses it; put a line break after the"
                    + " language word");
        }
        String lang = info.isEmpty() ? "" : info.split("\\s+")[0].toLowerCase(Locale.ROOT);
        Caption above = caption;
        caption = null;
        if (role() == SectionRole.TROUBLESHOOTING) {
            trouble.block(literal, contentLine, fenceLine, endLine);
            return;
        }
        if (role() == SectionRole.BACKGROUND) {
            flushEditor();
            annotation = null;
            return;
        }
        ShellBlock shell = SHELL.contains(lang) ? ShellBlock.parse(literal, contentLine) : null;
        if (pendingEditor != null) {
            boolean commands = shell != null && (shell.hasCommands() && !lang.isEmpty());
            if (!commands && FileLanguages.fits(pendingEditor.file.path(), lang, literal)
                    || FileLanguages.looksLike(pendingEditor.file.path(), literal)) {
                StepDraft d = pendingEditor;
                pendingEditor = null;
                d.file = new FileContent(d.file.path(), lang, literal, contentLine);
                emit(d);
                lastBlockStep = d;
                return;
            }
            flushEditor();
        }
        if (exampleMode && annotation == null) {
            return;
        }
        String named = above == null ? null : fileNamed(above.text());
        if (named == null && shell == null) {
            named = firstLineNames(lang, literal);
        }
        // "Run this from the folder where app.py exists:" above a bash block of commands names a file, not the block
        boolean commandsForAnotherFile = named != null && shell != null && shell.hasCommands() && !lang.isEmpty()
                && !FileLanguages.fits(named, lang, literal);
        if (named != null && !commandsForAnotherFile && !literal.isBlank() && !diagram(literal)) {
            StepDraft d = new StepDraft(StepKind.WRITE_FILE, named.startsWith(".github/") ? Where.WORKSTATION : session.placeNow(),
                    at(fenceLine));
            d.file = new FileContent(named, lang, literal, contentLine);
            emit(d);
            return;
        }
        if (shell != null && !shell.explanation && (shell.hasCommands() || shell.hasUrls())) {
            shellSteps(shell, lang, above);
            return;
        }
        if (shell != null && shell.explanation) {
            return;
        }
        if ((lang.isEmpty() || lang.equals("text") || lang.equals("txt")) && !diagram(literal)) {
            int before = steps.size();
            for (String group : literal.split("\n\\s*\n")) {
                // the step sits at the fence: an annotation for it goes above the block, not inside
                consoleSteps((above == null ? "" : above.text() + "\n") + group, fenceLine);
            }
            if (steps.size() > before) {
                return;
            }
            if (lang.isEmpty() && commandGroups(literal, contentLine, above)) {
                return;
            }
        }
        if ((shell != null || OUTPUT.contains(lang)) && !numberedInstructions(literal)) {
            attachOutput(shell != null ? shell.outputText() : literal.stripTrailing(), fenceLine);
        }
    }

    private void shellSteps(ShellBlock shell, String lang, Caption above) {
        Where blockHint = lang.equals("powershell") || lang.equals("ps1") || lang.equals("pwsh") || lang.equals("cmd")
                ? Where.WORKSTATION : above == null ? null : Hints.place(above.text());
        if (blockHint == null) {
            blockHint = sectionHint;
        }
        if (blockHint == null && shell.commands().stream().anyMatch(c -> isCloudCli(c.text()))
                && shell.commands().stream().noneMatch(c -> c.text().startsWith("ssh "))) {
            blockHint = Where.WORKSTATION;
        }
        List<ShellBlock.Line> lines = shell.lines;
        int lastCommand = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i) instanceof ShellBlock.CommandLine) {
                lastCommand = i;
            }
        }
        StepDraft current = null;
        List<StepDraft> fromBlock = new ArrayList<>();
        // comments naming two or more alternatives split the block: each alternative is a step of its own
        List<ShellBlock.CommentLine> options = lines.stream().filter(l -> l instanceof ShellBlock.CommentLine c
                && Alternative.names(c.text())).map(l -> (ShellBlock.CommentLine) l).toList();
        Alternative alternative = null;
        for (int i = 0; i < lines.size(); i++) {
            ShellBlock.Line line = lines.get(i);
            if (line instanceof ShellBlock.CommentLine c) {
                Where hint = Hints.place(c.text());
                blockHint = hint != null ? hint : blockHint;
                if (options.size() >= 2 && options.contains(c)) {
                    alternative = new Alternative(options.get(0).line(), options.indexOf(c) + 1, c.text(), 0, 0);
                    choices.computeIfAbsent(alternative.group(), g -> new TreeMap<>()).put(alternative.index(), c.text());
                    current = null;
                }
            } else if (line instanceof ShellBlock.UrlLine u) {
                current = null;
                StepDraft d = new StepDraft(StepKind.BROWSE, Where.BROWSER, at(u.line()));
                d.url = u.url();
                fromBlock.add(d);
            } else if (line instanceof ShellBlock.CommandLine cl) {
                List<String> program = ShellWords.program(cl.command().simpleCommands().isEmpty() ? ""
                        : cl.command().simpleCommands().get(0));
                Session.Placement placement = session.place(cl, blockHint);
                Command command = withUser(cl.command(), placement.user());
                if (i == lastCommand && program.size() >= 2 && FileLanguages.isEditor(program.get(0))
                        && cl.command().simpleCommands().size() == 1) {
                    current = null;
                    StepDraft editor = new StepDraft(StepKind.WRITE_FILE, placement.where(), at(command.line()));
                    editor.assumed = placement.assumed();
                    editor.commands.add(command);
                    editor.file = new FileContent(program.get(program.size() - 1), "", "", 0);
                    editor.annotation = annotation;
                    pendingEditor = editor;
                    continue;
                }
                if (current == null || current.where != placement.where()) {
                    current = new StepDraft(StepKind.RUN, placement.where(), at(command.line()));
                    current.alternative = alternative;
                    current.assumed = true;
                    fromBlock.add(current);
                }
                current.assumed &= placement.assumed();
                current.commands.add(command);
            }
        }
        for (StepDraft d : fromBlock) {
            emit(d);
            lastBlockStep = d;
        }
        if (pendingEditor != null && !fromBlock.isEmpty()) {
            pendingEditor.annotation = null; // the block's annotation went to its other steps
        }
    }

    /**
     * An untagged block that ends in commands after what it shows ("if __name__ ...: app.run(port=5000)", a blank
     * line, "python3 app.py"): each blank-line group whose every line is a command of a known program (or a comment)
     * is run. Whether any was.
     */
    private boolean commandGroups(String literal, int contentLine, Caption above) {
        String[] lines = literal.split("\n", -1);
        boolean any = false;
        int start = 0;
        for (int i = 0; i <= lines.length; i++) {
            if (i < lines.length && !lines[i].isBlank()) {
                continue;
            }
            List<String> group = java.util.Arrays.asList(lines).subList(start, i);
            boolean commands = group.stream().anyMatch(l -> !l.strip().startsWith("#"))
                    && group.stream().allMatch(l -> l.strip().startsWith("#") || KnownCommands.looksLikeCommand(l)
                            && KnownCommands.isProgram(ShellWords.words(l.strip()).get(0)) && !l.strip().endsWith(":"));
            if (commands) {
                shellSteps(ShellBlock.parse(String.join("\n", group), contentLine + start), "", above);
                any = true;
            }
            start = i + 1;
        }
        return any;
    }

    private static boolean isCloudCli(String command) {
        List<String> p = ShellWords.program(command);
        return !p.isEmpty() && (p.get(0).equals("gcloud") || p.get(0).equals("aws") || p.get(0).equals("az"));
    }

    private static Command withUser(Command c, String user) {
        return new Command(c.text(), c.line(), c.prompt(), user, c.heredoc(), c.output(), c.answers());
    }

    /** An output-only block right after a step in the same section is what that step should print. */
    private void attachOutput(String output, int line) {
        if (output.isBlank() || exampleMode || lastBlockStep == null || lastBlockStep.at.headings().size() != headings.size()
                || !lastBlockStep.at.headings().equals(headingPath())) {
            return;
        }
        if (lastBlockStep.kind == StepKind.RUN || lastBlockStep.kind == StepKind.BROWSE) {
            lastBlockStep.output.append(lastBlockStep.output.isEmpty() ? "" : "\n").append(output);
        }
    }

    private void flushEditor() {
        if (pendingEditor != null) {
            StepDraft editor = pendingEditor;
            pendingEditor = null;
            // no content follows: the student edits the file by hand, an interactive RUN step
            StepDraft run = new StepDraft(StepKind.RUN, editor.where, editor.at);
            run.commands.addAll(editor.commands);
            run.assumed = editor.assumed;
            run.annotation = editor.annotation;
            emit(run);
        }
    }

    private void emit(StepDraft d) {
        if (d.alternative == null) {
            d.alternative = openWay;
        }
        if (annotation != null && d.annotation == null) {
            d.annotation = annotation;
        }
        annotation = null;
        steps.add(d);
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    private static String fileNamed(String captionText) {
        if (captionText.length() > 100) {
            return null;
        }
        Matcher m = FILE_NAME.matcher(captionText);
        if (!m.find()) {
            return null;
        }
        return m.group(1) != null ? m.group(1) : m.group(2);
    }

    /**
     * The file a block of code names in a comment on its first line, in its own language's comment ({@code # app/main.py}
     * atop a python block, {@code // server.js} atop a javascript one); null when that line names none, or a file of
     * another language. Shell blocks are not read so: their first comment says what the commands do.
     */
    static String firstLineNames(String lang, String literal) {
        String first = literal.lines().filter(l -> !l.isBlank()).findFirst().orElse("").strip();
        Matcher m = FIRST_LINE_FILE.matcher(first);
        if (!m.matches() || lang.isEmpty()) {
            return null;
        }
        String path = m.group(1);
        Matcher known = FILE_NAME.matcher(path);
        return known.find() && path.equals(known.group(1)) && FileLanguages.fits(path, lang, literal) ? path : null;
    }

    /** "1. download PuTTY / 2. convert the key": instructions for the reader, not a program's output. */
    private static boolean numberedInstructions(String literal) {
        List<String> lines = literal.lines().filter(l -> !l.isBlank()).toList();
        return !lines.isEmpty() && lines.stream().filter(l -> NUMBERED.matcher(l.strip()).find()).count() * 2 > lines.size();
    }

    private static boolean diagram(String literal) {
        return literal.codePoints().anyMatch(c -> c >= 0x2500 && c <= 0x257F);
    }

    private static int line(Node n) {
        List<SourceSpan> spans = n.getSourceSpans();
        return spans.isEmpty() ? 0 : spans.get(0).getLineIndex() + 1;
    }

    private static int endLine(Node n) {
        List<SourceSpan> spans = n.getSourceSpans();
        return spans.isEmpty() ? 0 : spans.get(spans.size() - 1).getLineIndex() + 1;
    }

    static String inlineText(Node node) {
        StringBuilder sb = new StringBuilder();
        appendText(node, sb);
        return sb.toString();
    }

    private static void appendText(Node node, StringBuilder sb) {
        if (node instanceof Text t) {
            sb.append(t.getLiteral());
        } else if (node instanceof Code c) {
            sb.append('`').append(c.getLiteral()).append('`');
        } else if (node instanceof SoftLineBreak || node instanceof HardLineBreak) {
            sb.append('\n');
        } else if (node instanceof StrongEmphasis) {
            for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
                appendText(child, sb);
            }
        } else {
            for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
                appendText(child, sb);
            }
        }
    }

    /** A step while it is being read; numbered and frozen at the end. */
    private final class StepDraft {
        final StepKind kind;
        Where where;
        final SourceLine at;
        final List<Command> commands = new ArrayList<>();
        final StringBuilder output = new StringBuilder();
        FileContent file;
        CloudAction cloud;
        String url = "";
        Annotation annotation;
        Alternative alternative;
        /** On the workstation only because nothing said otherwise (see {@link Session.Placement#assumed}). */
        boolean assumed;
        /** The name of a step the document implies and never writes ("" for a step it writes). */
        String implied = "";

        StepDraft(StepKind kind, Where where, SourceLine at) {
            this.kind = kind;
            this.where = where;
            this.at = at;
        }

        LabStep build(int number) {
            Where w = annotation != null && annotation.runs() != null ? annotation.runs() : where;
            String expected = annotation != null && !annotation.expect().isEmpty() ? annotation.expect()
                    : commands.stream().map(Command::output).filter(o -> !o.isEmpty()).reduce((a, b) -> a + "\n" + b)
                            .map(o -> output.isEmpty() ? o : o + "\n" + output).orElse(output.toString());
            String stepName = annotation != null && !annotation.name().isEmpty() ? annotation.name() : defaultName();
            return new LabStep(number, stepName, kind, w, at, commands, file, cloud, url, expected,
                    annotation == null ? List.of() : annotation.checks(), annotation != null && annotation.skip(), alternative, implied);
        }

        private String defaultName() {
            String what = switch (kind) {
                case RUN -> commands.isEmpty() ? "" : commands.get(0).text();
                case WRITE_FILE -> "write " + file.path();
                case CLOUD_ACTION -> cloud.action();
                case BROWSE -> "open " + url;
                case WORKFLOW -> "run the workflow " + file.path();
            };
            if (what.length() > 60) {
                what = what.substring(0, 57) + "...";
            }
            return at.section().isEmpty() ? what : at.section() + ": " + what;
        }
    }
}

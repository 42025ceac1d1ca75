package io.labcheck.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.commonmark.node.Code;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;

/**
 * Commands written in prose rather than in a code block: a {@code $ }-prompted line in a paragraph or a list item
 * ({@code 1. Update the lists: $ sudo apt update}, {@code $pip install flask}), and inline code the sentence tells
 * the reader to type ({@code Run `sudo apt install nginx`}). Each with the source line it is on.
 */
final class ProseCommands {
    /** One command found in prose. */
    record Found(String text, int line) {}

    /** A prompt at a line's start, after a list marker, or after a colon that ends the instruction before it. */
    private static final Pattern PROMPTED = Pattern.compile(
            "^\\s*(?:>\\s*)?(?:(?:[-*+]|\\d+[.)])\\s+)?(?:[^$`]*?[:：]\\s*)?\\$( ?)([^\\s$`].*)$");
    /** What may stand before inline code that opens its line: nothing, a list number, a bracketed label. */
    private static final Pattern OPENER = Pattern.compile("^(?:\\s|\\[[^\\]]*\\]|[\\d.)*:-])*$");
    /** The words just before inline code that make it something to type. */
    private static final Pattern TYPE_THIS = Pattern.compile("(?iu)(?:\\b(?:run|type|execute|enter|issue|using|with"
            + "|ejecuta\\w*|escrib\\w*|выполни\\w*|запусти\\w*|введите)|실행|입력|运行|执行|输入)[^`]{0,12}$");

    /**
     * The commands in {@code p}, whose source lines are {@code lines[first-1 .. last-1]}: prompted lines first
     * (read from the source, as the author typed them), then inline code (from the parsed text).
     */
    static List<Found> in(Paragraph p, String[] source, int first, int last) {
        List<Found> found = new ArrayList<>();
        for (int n = first; n <= last && n - 1 < source.length; n++) {
            String raw = source[n - 1];
            Matcher m = PROMPTED.matcher(raw);
            if (m.find()) {
                String command = m.group(2).strip();
                String program = command.split("\\s+")[0];
                boolean spaced = !m.group(1).isEmpty();
                // "$5 a month", "$HOME is": a prompt is followed by a command, and "$pip" only by a known program
                if (spaced ? KnownCommands.looksLikeCommand(command) : KnownCommands.isProgram(program)) {
                    found.add(new Found(command, n));
                }
            }
        }
        int line = first;
        StringBuilder before = new StringBuilder();
        for (Node c = p.getFirstChild(); c != null; c = c.getNext()) {
            if (c instanceof SoftLineBreak || c instanceof HardLineBreak) {
                line++;
                before.setLength(0);
            } else if (c instanceof Text t) {
                before.append(t.getLiteral());
            } else if (c instanceof Code code) {
                String literal = code.getLiteral().strip();
                final int at = line;
                boolean prompted = literal.startsWith("$ ");
                String command = prompted ? literal.substring(2).strip() : literal;
                // typed: prompted, asked for ("Run `...`"), or the line opens with it ("2. `sudo apt-get update`")
                // (a lone program name there is a mention: "`vi` opens the file")
                boolean opens = OPENER.matcher(before).matches() && command.contains(" ");
                boolean asked = prompted || opens || TYPE_THIS.matcher(before).find() && command.contains(" ");
                if (asked && KnownCommands.looksLikeCommand(command) && found.stream().noneMatch(f -> f.line() == at
                        && f.text().contains(command))) {
                    found.add(new Found(command, at));
                }
                before.append('`').append(literal).append('`');
            } else {
                before.append(LabReader.inlineText(c));
            }
        }
        found.sort(java.util.Comparator.comparingInt(Found::line));
        return found;
    }

    /** Whether the text is a sentence that says the student logs in to the server ("connect to your instance"). */
    static boolean logsIn(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        return LOGIN.matcher(t).find();
    }

    /** A sentence about what the tutorial will do ("in this guide you will connect to an instance"), not a step. */
    static boolean foretells(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        return t.contains("will ") || t.contains("how to ") || t.contains("you'll ") || t.contains("we'll ");
    }

    private static final Pattern LOGIN = Pattern.compile("(?u)(?:\\b(?:connect|log ?in|login|ssh)\\s+(?:in)?to\\s+"
            + "(?:your|the|an?)\\s+(?:ec2\\s+|lightsail\\s+|remote\\s+|new\\s+)?(?:instance|server|vm|virtual machine"
            + "|droplet|machine|host|box)\\b|(?:서버|인스턴스|ec2)(?:에|로)\\s*(?:\\S+\\s+){0,2}접속"
            + "|conéctate al (?:servidor|instancia)|подключ\\w* к (?:серверу|инстансу|виртуальной машине)"
            + "|(?:登录|连接到?|登入)(?:到)?(?:服务器|云服务器|实例))");

    private ProseCommands() {}
}

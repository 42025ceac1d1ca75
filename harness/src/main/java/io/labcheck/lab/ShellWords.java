package io.labcheck.lab;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one shell command line the way a shell would for the purposes of a plan: into simple commands
 * (at {@code &&}, {@code ||}, {@code ;}, {@code |} and a trailing {@code &}) and into words, honouring quotes.
 * It does not expand anything; it only has to see the structure of the documents' commands.
 */
public final class ShellWords {

    /** The command without a trailing {@code # comment} (a # that starts a word, outside quotes). */
    public static String stripComment(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"') {
                    i++;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '\\') {
                i++;
            } else if (c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i).stripTrailing();
            }
        }
        return line;
    }

    /** The trailing comment's text ("" if none). */
    public static String comment(String line) {
        String code = stripComment(line);
        return code.length() == line.length() ? "" : line.substring(code.length()).strip().replaceFirst("^#+\\s*", "");
    }

    /** Simple commands of a chain, trimmed, empty ones dropped. */
    public static List<String> splitChain(String command) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        int parens = 0;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (quote != 0) {
                current.append(c);
                if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(') {
                parens++;
            } else if (c == ')' && parens > 0) {
                parens--;
            }
            boolean separator = parens == 0 && (c == ';' || c == '|' || c == '&');
            if (separator && c == '&' && i + 1 < command.length() && command.charAt(i + 1) == '>') {
                separator = false; // &> redirection
            }
            if (separator && c == '&' && i > 0 && (command.charAt(i - 1) == '>' || command.charAt(i - 1) == '<')) {
                separator = false; // 2>&1
            }
            if (separator) {
                add(parts, current);
                if (i + 1 < command.length() && (command.charAt(i + 1) == c)) {
                    i++;
                }
            } else {
                current.append(c);
            }
        }
        add(parts, current);
        return parts;
    }

    private static void add(List<String> parts, StringBuilder current) {
        String part = current.toString().strip();
        if (!part.isEmpty()) {
            parts.add(part);
        }
        current.setLength(0);
    }

    /** The words of a simple command, quotes removed. */
    public static List<String> words(String simpleCommand) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < simpleCommand.length(); i++) {
            char c = simpleCommand.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                if (c == '\\' && i + 1 < simpleCommand.length() && !Character.isLetterOrDigit(simpleCommand.charAt(i + 1))) {
                    c = simpleCommand.charAt(++i); // an escape; before a letter it is a Windows path (C:\Users)
                }
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /**
     * The words of the program actually run: {@code sudo}, {@code sudo -u x}, {@code nohup}, {@code env},
     * {@code VAR=value} and {@code python3 -m} prefixes removed (a python named by its path too), so
     * {@code sudo nohup python3 -m uvicorn main:app} gives {@code [uvicorn, main:app]}.
     */
    public static List<String> program(String simpleCommand) {
        List<String> w = new ArrayList<>(words(simpleCommand));
        boolean changed = true;
        while (changed && !w.isEmpty()) {
            changed = false;
            String first = w.get(0);
            if (first.equals("sudo")) {
                w.remove(0);
                while (!w.isEmpty() && w.get(0).startsWith("-")) {
                    String opt = w.remove(0);
                    if ((opt.equals("-u") || opt.equals("-g")) && !w.isEmpty()) {
                        w.remove(0);
                    }
                }
                changed = true;
            } else if (first.equals("nohup") || first.equals("env") || first.equals("exec") || first.equals("time")
                    || first.matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
                w.remove(0);
                changed = true;
            } else if (first.substring(first.lastIndexOf('/') + 1).matches("python[0-9.]*") && w.size() > 2
                    && w.get(1).equals("-m")) { // /usr/bin/python3 -m too, as a unit's ExecStart writes it
                w.remove(0);
                w.remove(0);
                changed = true;
            }
        }
        if (!w.isEmpty()) {
            String first = w.get(0);
            int slash = first.lastIndexOf('/');
            if (slash >= 0 && slash < first.length() - 1) {
                w.set(0, first.substring(slash + 1)); // /home/ubuntu/venv/bin/uvicorn -> uvicorn
            }
        }
        return w;
    }

    /** The value of an option ({@code --port 8000}, {@code --port=8000}, {@code -p 80:80}), or "" if absent. */
    public static String option(List<String> words, String... names) {
        for (int i = 0; i < words.size(); i++) {
            for (String name : names) {
                if (words.get(i).equals(name) && i + 1 < words.size()) {
                    return words.get(i + 1);
                }
                if (name.startsWith("--") && words.get(i).startsWith(name + "=")) {
                    return words.get(i).substring(name.length() + 1);
                }
            }
        }
        return "";
    }

    /** Every value of a repeatable option ({@code -p 80:80 -p 443:443}). */
    public static List<String> options(List<String> words, String name) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i + 1 < words.size(); i++) {
            if (words.get(i).equals(name)) {
                values.add(words.get(i + 1));
            }
        }
        return values;
    }

    private ShellWords() {}
}

package io.labcheck.lab;

import java.util.List;

/**
 * One shell command as the document gives it: continuation lines joined, the prompt and trailing comment
 * removed, a heredoc's body kept apart.
 *
 * @param text    the command without prompt or trailing comment, e.g. {@code sudo apt update && sudo apt upgrade -y}
 * @param line    the 1-based line where it starts
 * @param prompt  the prompt it was written with ({@code "$ "}, {@code "ubuntu@host:~$ "}), or "" if none
 * @param user    who runs it, when the document says so (from a prompt, an ssh login or sudo), else ""
 * @param heredoc the heredoc's body when the command has one ({@code <<EOF ... EOF}), else ""
 * @param output  the lines the document shows right after it, as its expected output ("" if none)
 * @param answers what the document says to type at its prompts, in order ({@code # 이메일 입력: you@example.com},
 *                {@code # Agree to the terms: Y} written under it), empty if nothing
 */
public record Command(String text, int line, String prompt, String user, String heredoc, String output, List<String> answers) {
    public Command {
        answers = List.copyOf(answers);
    }

    public Command(String text, int line, String prompt, String user, String heredoc, String output) {
        this(text, line, prompt, user, heredoc, output, List.of());
    }

    /** The simple commands of an {@code &&}, {@code ||}, {@code ;} or {@code |} chain, in order. */
    public List<String> simpleCommands() {
        return ShellWords.splitChain(text);
    }

    /** Whether any part of the command runs with sudo. */
    public boolean usesSudo() {
        return simpleCommands().stream().anyMatch(c -> ShellWords.words(c).stream().findFirst().orElse("").equals("sudo"));
    }

    Command withOutput(String more) {
        String joined = output.isEmpty() ? more : output + "\n" + more;
        return new Command(text, line, prompt, user, heredoc, joined, answers);
    }

    Command withAnswer(String answer) {
        List<String> more = new java.util.ArrayList<>(answers);
        more.add(answer);
        return new Command(text, line, prompt, user, heredoc, output, more);
    }
}

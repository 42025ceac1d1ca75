package io.labcheck.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pty driver that types a document's answers at a command's prompts ({@code answers.py}, put on the server by
 * {@link Terminal}), under this machine's python3: one answer a prompt, a prompt with none left meets the end of input,
 * an answer never asked for is said, and the command's exit status is the driver's.
 */
class AnswersDriverTest {
    @TempDir
    Path dir;

    private record Driven(int exit, String output, String log) {}

    private Driven drive(String script, String answers) throws IOException, InterruptedException {
        Path driver = dir.resolve("answers.py");
        try (InputStream in = Terminal.class.getResourceAsStream("answers.py")) {
            Files.write(driver, in.readAllBytes());
        }
        Files.writeString(dir.resolve("cmd.sh"), script);
        Files.writeString(dir.resolve("in.txt"), answers);
        Process p = new ProcessBuilder("python3", driver.toString(), dir.resolve("cmd.sh").toString(),
                dir.resolve("in.txt").toString(), dir.resolve("answered.log").toString())
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the driver ended within 30 s").isTrue();
        return new Driven(p.exitValue(), out, Files.readString(dir.resolve("answered.log")));
    }

    @Test
    void eachAnswerIsTypedAtAPromptAndOneNeverAskedForIsSaid() throws Exception {
        Driven d = drive("""
                [ -t 0 ] && echo "in a terminal"
                read -p "Enter email address (Enter 'c' to cancel): " email
                echo "email=$email"
                read -p "(Y)es/(N)o: " yn
                echo "agreed=$yn"
                """, "me@example.com\nY\n2\n");
        assertThat(d.exit()).isZero();
        assertThat(d.output()).contains("in a terminal", "(Enter 'c' to cancel): me@example.com\nemail=me@example.com",
                "(Y)es/(N)o: Y\nagreed=Y");
        assertThat(d.log()).isEqualTo("answered\tme@example.com\tEnter email address (Enter 'c' to cancel):\tin a terminal\n"
                + "answered\tY\t(Y)es/(N)o:\temail=me@example.com\nunread\t2\t\t\ndone\t\t\t\n");
    }

    @Test
    void aPromptWithNoAnswerLeftMeetsTheEndOfInputAndTheExitStatusIsTheCommands() throws Exception {
        Driven d = drive("""
                read -p "Name: " a; echo "a=$a"
                read -p "Again? " b || { echo "no answer"; exit 3; }
                """, "x\n");
        assertThat(d.exit()).isEqualTo(3);
        assertThat(d.output()).contains("Again? no answer");
        assertThat(d.log()).isEqualTo("answered\tx\tName:\t\nend of input\t\tAgain?\ta=x\ndone\t\t\t\n");
    }

    @Test
    void anAnswerNotTakenIsSeenWhenTheSamePromptComesBackAndTheQuestionIsThePanelAboveIt() throws Exception {
        Driven d = drive("""
                echo "- - - -"; echo "Would you share your email"; echo "with us?"; echo "- - - -"
                while true; do
                  read -p "(Y)es/(N)o: " a || { echo "EOFError"; exit 1; }
                  case "$a" in Y|y|N|n) break;; esac
                done
                """, "2\n");
        assertThat(d.exit()).isEqualTo(1);
        assertThat(d.log()).isEqualTo("answered\t2\t(Y)es/(N)o:\tWould you share your email with us?\n"
                + "again\t2\t(Y)es/(N)o:\t\n"
                + "end of input\t\t(Y)es/(N)o:\tWould you share your email with us?\ndone\t\t\t\n");
    }

    @Test
    void theQuestionIsTheLastOneAboveThePromptWithTheSentenceBeforeIt() throws Exception {
        Driven d = drive("""
                echo "Saving debug log to /tmp/x.log"
                echo "- - - -"
                echo "Please read the Terms of Service at https://example.com/tos. You"
                echo "must agree in order to register. Do you agree?"
                echo "- - - -"
                read -p "(Y)es/(N)o: " a
                """, "Y\n");
        assertThat(d.log()).startsWith("answered\tY\t(Y)es/(N)o:\tYou must agree in order to register. Do you agree?\n");
    }
}

package io.labcheck.run;

import io.labcheck.lab.Command;
import io.labcheck.lab.LabStep;
import io.labcheck.lab.StepKind;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a step's failure may come from an earlier step that could not run here: only when the two name the same
 * thing (a program, a package, a file, a directory, a repository). A failure that shares nothing with it is the
 * step's own, and is judged so. Only a shell step or a file is read this way: what a console, a browser or a CI
 * workflow would have made is not in its words, so every later failure is taken to stand on it.
 */
final class StandsOn {
    /** Words every shell step has: they relate nothing. */
    private static final Set<String> COMMON = Set.of("sudo", "apt", "apt-get", "install", "update", "upgrade", "pip",
            "pip3", "python", "python3", "the", "and", "with", "for", "from", "http", "https", "add", "get", "run", "bash",
            "echo", "cat", "tee", "cd", "mkdir", "chmod", "chown", "cp", "mv", "rm", "ls", "true", "false", "exited",
            "exit", "line", "command", "found", "not", "failed", "error", "home", "ubuntu", "root", "usr", "etc", "var",
            "tmp", "opt", "bin", "local", "lib", "share", "dev", "null", "labcheck", "cmd", "yes", "no", "install-y");

    static boolean related(LabStep notRunnable, LabStep failing, String failure) {
        if (notRunnable.kind() != StepKind.RUN && notRunnable.kind() != StepKind.WRITE_FILE) {
            return true;
        }
        Set<String> made = names(notRunnable, "");
        made.retainAll(names(failing, failure));
        return !made.isEmpty();
    }

    /** The names a step's commands, its file and (for a failure) its message mention. */
    static Set<String> names(LabStep step, String text) {
        StringBuilder all = new StringBuilder(text);
        for (Command c : step.commands()) {
            all.append('\n').append(c.text());
        }
        if (step.file() != null) {
            all.append('\n').append(step.file().path());
        }
        Set<String> names = new HashSet<>();
        for (String word : all.toString().split("[^A-Za-z0-9._+/-]+")) {
            for (String part : word.split("/")) {
                String p = part.toLowerCase(Locale.ROOT).replaceFirst("\\.git$", "").replaceFirst("[.:]+$", "");
                if (p.length() >= 3 && !p.startsWith("-") && !p.matches("[0-9.]+") && !COMMON.contains(p)) {
                    names.add(p);
                    String stem = p.replaceFirst("\\..*$", ""); // awslogs.service, nginx.conf: the thing they belong to
                    if (stem.length() >= 3 && !COMMON.contains(stem)) {
                        names.add(stem);
                    }
                }
            }
        }
        return names;
    }

    private StandsOn() {}
}

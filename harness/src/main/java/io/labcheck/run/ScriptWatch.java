package io.labcheck.run;

import io.labcheck.lab.LabPlan;
import io.labcheck.lab.LabStep;
import io.labcheck.lab.ShellWords;
import io.labcheck.lab.StepKind;
import io.labcheck.lab.Where;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bash script the lab wrote, run as the student runs it ({@code bash deploy.sh}, {@code ./deploy.sh}), watched for
 * the commands it goes on after. Without {@code set -e} a script carries on when a command fails and ends with its
 * last command's status, so "deployed" printed after a failed switch is an exit 0. Bash reads the file
 * {@code BASH_ENV} names before the script: an ERR trap there logs each failed command (status, line, text), and
 * changes nothing the script does (the conditions of {@code if}, {@code while}, {@code &&} and {@code ||} do not trip
 * it, as they do not trip {@code set -e}).
 */
final class ScriptWatch {
    /** A command of the script that failed, and the script went on (or ended there, under {@code set -e}). */
    /**
     * @param line         the script's own line
     * @param documentLine where that line is in the document (0 when not known)
     */
    record Failed(int status, int line, String command, String said, int documentLine) {
        String describe() {
            return "line " + line + (documentLine > 0 ? " (document line " + documentLine + ")" : "") + " '" + command
                    + "' exited " + status + (said.isEmpty() ? "" : " (" + said + ")");
        }
    }

    private static final Pattern BASH_SHEBANG = Pattern.compile("^#!\\s*(?:/usr)?/bin/(?:env\\s+)?bash\\b");

    private final String script;
    /** The document line of the script's first line (0 when not known). */
    private final int firstLine;
    private final String id = Long.toHexString(System.nanoTime());

    /** Whether the script stops at its first failure ({@code set -e}, {@code set -o errexit}). */
    private final boolean errexit;

    private ScriptWatch(String script, int firstLine, boolean errexit) {
        this.script = script;
        this.firstLine = firstLine;
        this.errexit = errexit;
    }

    boolean errexit() {
        return errexit;
    }

    /**
     * A watch for {@code command} when it runs, without sudo (which drops {@code BASH_ENV}), a bash script a server
     * step of {@code plan} wrote: {@code bash X}, {@code bash ./X} or {@code ./X} with a bash first line.
     */
    static Optional<ScriptWatch> of(LabPlan plan, String command) {
        List<String> chain = ShellWords.splitChain(command);
        if (chain.size() != 1) {
            return Optional.empty();
        }
        List<String> words = ShellWords.words(chain.get(0));
        if (words.isEmpty()) {
            return Optional.empty();
        }
        String path;
        if (words.get(0).equals("bash") && words.size() >= 2 && !words.get(1).startsWith("-")) {
            path = words.get(1);
        } else if (words.get(0).startsWith("./") || words.get(0).startsWith("/") || words.get(0).startsWith("~/")) {
            path = words.get(0);
        } else {
            return Optional.empty();
        }
        String base = path.substring(path.lastIndexOf('/') + 1);
        boolean viaBash = words.get(0).equals("bash");
        return plan.writing(base).stream().filter(s -> s.where() == Where.SERVER).reduce((a, b) -> b)
                .filter(s -> viaBash || BASH_SHEBANG.matcher(s.file().content()).find())
                .map(s -> new ScriptWatch(base, s.file().line(), ERREXIT.matcher(s.file().content()).find()));
    }

    private static final Pattern ERREXIT = Pattern.compile("(?m)^\\s*set\\s+(-\\w*e|-o\\s+errexit)");

    String script() {
        return script;
    }

    private String trapFile() {
        return ".labcheck/watch-" + id + ".sh";
    }

    private String log() {
        return ".labcheck/watch-" + id + ".log";
    }

    /** Writes the trap on the server (in the login user's home), before the script runs. */
    void arm(Terminal t) throws IOException {
        t.exec("mkdir -p .labcheck");
        t.session().upload(trap("$HOME/" + log()).getBytes(java.nio.charset.StandardCharsets.UTF_8), trapFile(), 0644,
                java.time.Duration.ofSeconds(15));
    }

    /**
     * What bash reads before the script: an ERR trap that appends each failed command to {@code log} (a path the
     * shell expands), and no BASH_ENV for the scripts it runs in turn.
     */
    static String trap(String log) {
        return "unset BASH_ENV\n"
                + "__labcheck_failed() { printf '%s\\t%s\\t%s\\n' \"$1\" \"$2\" \"${3//$'\\n'/ }\" >> \"" + log + "\"; }\n"
                + "trap '__labcheck_failed \"$?\" \"$LINENO\" \"$BASH_COMMAND\"' ERR\n";
    }

    /** The student's command with the watch in its environment. */
    String typed(String command) {
        return "BASH_ENV=$HOME/" + trapFile() + " " + command;
    }

    /** The commands that failed while the script ran, with the output line that says why, if one does. */
    /**
     * Takes the trap away where {@link #collect} will not run (the script still runs, or typing it failed): bash read
     * it as the script started, so the script is unchanged. Best effort: a connection that is gone takes it nowhere.
     */
    void disarm(Terminal t) {
        try {
            t.exec("cd && rm -f " + trapFile());
        } catch (IOException | RuntimeException e) {
            // the terminal's connection is gone: the file stays in the run's own ~/.labcheck, which nothing reads
        }
    }

    List<Failed> collect(Terminal t, String output) throws IOException {
        return parse(t.exec("cd && cat " + log() + " 2>/dev/null; rm -f " + log() + " " + trapFile()).stdout(), output,
                firstLine);
    }

    /**
     * The trap's log read, each failure with the line of {@code output} that says why and its document line
     * ({@code firstLine}: the document line of the script's first line, 0 when not known).
     */
    static List<Failed> parse(String log, String output, int firstLine) {
        List<Failed> failed = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (String line : log.split("\n")) {
            String[] f = line.split("\t", 3);
            if (f.length < 3 || !f[0].matches("\\d+") || !f[1].matches("\\d+")) {
                continue;
            }
            int at = Integer.parseInt(f[1]);
            failed.add(new Failed(Integer.parseInt(f[0]), at, f[2].strip(), said(f[2], output, used),
                    firstLine > 0 ? firstLine + at - 1 : 0));
        }
        return failed;
    }

    /** The first output line not yet taken that names the command's program ("sed: ...") or one of its arguments. */
    private static String said(String command, String output, Set<String> used) {
        List<String> words = ShellWords.words(command);
        List<String> names = new ArrayList<>();
        for (int i = 1; i < words.size(); i++) {
            String w = words.get(i);
            if (!w.startsWith("-") && w.length() >= 4 && w.matches("[\\w./:@-]+")) {
                names.add(w);
            }
        }
        String program = words.isEmpty() ? "" : words.get(0);
        for (String line : output.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || used.contains(l)) {
                continue;
            }
            if (!program.isEmpty() && l.startsWith(program + ":") || names.stream().anyMatch(l::contains)
                    && l.toLowerCase(Locale.ROOT).matches(".*(no such|can't|cannot|error|not found|denied|failed|unable).*")) {
                used.add(l);
                return l;
            }
        }
        return "";
    }

    private static final Pattern NO_SUCH_FILE = Pattern.compile("([\\w./-]+): No such file or directory");
    private static final Pattern NO_SUCH_CONTAINER = Pattern.compile("No such container: ([\\w.-]+)");

    /**
     * What the failures name that the document never makes: a file no step writes, a container that only a compose
     * file the document wrote names, under a service nothing it runs starts. Empty when there is nothing to say.
     */
    static List<String> neverMade(LabPlan plan, List<Failed> failures) {
        Set<String> said = new LinkedHashSet<>();
        for (Failed f : failures) {
            Matcher file = NO_SUCH_FILE.matcher(f.said());
            while (file.find()) {
                String path = file.group(1);
                if (plan.writing(path).isEmpty()) {
                    said.add("no step of the document writes " + path);
                }
            }
            Matcher container = NO_SUCH_CONTAINER.matcher(f.said());
            if (container.find()) {
                said.add(containerNeverStarted(plan, container.group(1)));
            }
        }
        return List.copyOf(said);
    }

    private static String containerNeverStarted(LabPlan plan, String name) {
        for (LabStep s : plan.steps()) {
            if (s.kind() != StepKind.WRITE_FILE || s.file() == null) {
                continue;
            }
            String[] lines = s.file().content().split("\n");
            for (int i = 0; i < lines.length; i++) {
                if (!lines[i].matches("\\s*container_name:\\s*['\"]?" + Pattern.quote(name) + "['\"]?\\s*")) {
                    continue;
                }
                int indent = lines[i].indexOf(lines[i].strip());
                for (int j = i - 1; j >= 0; j--) {
                    String l = lines[j];
                    int in = l.indexOf(l.strip());
                    if (!l.isBlank() && in < indent && l.strip().endsWith(":")) {
                        String service = l.strip().replaceAll(":$", "");
                        return name + " is the container of the service '" + service + "' in " + s.file().path()
                                + (startedAnywhere(plan, s.file().path(), service) ? "" : ", which nothing the document runs starts");
                    }
                }
            }
        }
        return "no step of the document starts a container named " + name;
    }

    /** Whether a command or script of the plan runs {@code up} on {@code compose} for every service or for {@code service}. */
    private static boolean startedAnywhere(LabPlan plan, String compose, String service) {
        List<String> lines = new ArrayList<>();
        for (LabStep s : plan.steps()) {
            s.commands().forEach(c -> lines.add(c.text()));
            if (s.file() != null) {
                lines.addAll(List.of(s.file().content().split("\n")));
            }
        }
        String base = compose.substring(compose.lastIndexOf('/') + 1);
        for (String l : lines) {
            List<String> words = ShellWords.words(ShellWords.stripComment(l));
            int up = words.indexOf("up");
            if (up < 0 || words.stream().noneMatch(w -> w.endsWith(base))) {
                continue;
            }
            List<String> services = words.subList(up + 1, words.size()).stream().filter(w -> !w.startsWith("-")).toList();
            if (services.isEmpty() || services.contains(service)) {
                return true;
            }
        }
        return false;
    }
}

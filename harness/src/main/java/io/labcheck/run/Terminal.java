package io.labcheck.run;

import io.labcheck.ssh.ExecResult;
import io.labcheck.ssh.SshSession;
import io.labcheck.substitute.PackageIndex;
import io.labcheck.substitute.PipInstall;
import io.labcheck.substitute.SubstituteException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A terminal the student has open on the server, over SSH: what one command changes (its directory, its
 * exported variables, an activated venv, shell functions) is there for the next, as in a real shell.
 *
 * <p>Each command runs detached in its own session on the server ({@code setsid}), its output going to a
 * file, so that a command that keeps running (uvicorn in the foreground) can be told from one that is slow:
 * it ends, or something it started listens on a port (or its log says it is ready), or the bound expires.
 * A command left running holds the terminal until the next command is typed there (the student pressed
 * Ctrl+C: SIGINT to its process group) or the terminal is closed ({@code exit}: SIGHUP to every session the
 * terminal started, so what was not started with nohup ends, as when an SSH session closes).
 *
 * <p>Where PyPI is unreachable, the server's pip uses labcheck's package index (given to the terminal). pip never
 * tells an index which versions it wants, so before a {@code pip install} runs, the terminal reads what it will ask
 * for (its inline specifiers, and the requirements files it names, read on the server from the terminal's
 * directory) and registers it with the index; after each command, {@link #substitutes()} says what the index
 * served meanwhile (a script that runs pip itself included).
 */
public final class Terminal implements AutoCloseable {
    /** What ran: how it ended, what it printed, and what it left listening when it keeps running. */
    public record Outcome(int exitCode, String output, boolean stillRunning, List<String> listeners, boolean timedOut) {}

    /** A command that keeps running in this terminal. */
    public record Held(int pid, String command, String log, List<String> listeners) {}

    private static final Duration PROBE = Duration.ofSeconds(15);
    /** Where the pty driver that types a command's answers at its prompts is put on the server. */
    private static final String ANSWERS = "$HOME/.labcheck/answers.py";
    private static final Pattern READY_LOG = Pattern.compile("(?i)(Uvicorn running on|Application startup complete"
            + "|Listening (on|at)|Running on https?://|Serving HTTP on|server started|Started server process|ready to accept)");
    private static final Pattern VIEWER = Pattern.compile("^(sudo\\s+)?(tail\\s+.*-[a-zA-Z]*[fF]|journalctl\\s+.*-[a-zA-Z]*f"
            + "|watch\\s|top$|htop$|less\\s|more\\s|docker(-compose| compose)\\s+logs\\s+.*-f|docker\\s+logs\\s+.*-f)");

    private final SshSession session;
    private final int number;
    private final String dir;
    private final RunSettings settings;
    private final List<Integer> sessions = new ArrayList<>();
    private final PackageIndex index;
    private List<PackageIndex.Served> substitutes = List.of();
    private List<Answer> answered = List.of();
    /** Whether the pty driver that types answers is on the server yet (null: not looked for). */
    private Boolean answering;
    private Held held;
    private int count;

    /** {@code index}: the substitute for PyPI the server's pip uses, or null where pip reaches a real index. */
    Terminal(SshSession session, int number, RunSettings settings, PackageIndex index) throws IOException {
        this.session = session;
        this.number = number;
        this.settings = settings;
        this.index = index;
        this.dir = "$HOME/.labcheck/t" + number;
        must(exec("mkdir -p " + dir + " && rm -f " + dir + "/env.sh"), "preparing terminal " + number);
    }

    public int number() {
        return number;
    }

    public SshSession session() {
        return session;
    }

    public Optional<Held> held() {
        return Optional.ofNullable(held);
    }

    /**
     * Types {@code script} (one command line, a heredoc included) and waits until it ends, keeps running
     * with a listener or a ready line in its log, or the bound expires.
     */
    public Outcome type(String script) throws IOException {
        return type(script, List.of());
    }

    /**
     * As {@link #type(String)}, with {@code answers} typed at its prompts, one line each, in order (what it reads
     * after them is the end of input, as when nobody types more).
     */
    public Outcome type(String script, List<String> answers) throws IOException {
        interrupt();
        substitutes = List.of();
        boolean pip = index != null && !PipInstall.in(script).isEmpty();
        int servedBefore = pinFor(script);
        Outcome o = run(script, answers);
        if (servedBefore >= 0) {
            try {
                substitutes = index.served(servedBefore);
            } catch (SubstituteException e) {
                if (pip) {
                    throw notRunnable(script, e);
                }
            }
        }
        return o;
    }

    private static NotRunnableHere notRunnable(String script, SubstituteException e) {
        return new NotRunnableHere("'" + script.strip() + "' needs PyPI, which this machine has no route to, and its"
                + " substitute cannot serve: " + e.getMessage());
    }

    /**
     * What became of each answer the last command was given: typed at which prompt, or never read; and a prompt that
     * met the end of input. Empty when it was given none.
     */
    public List<Answer> answered() {
        return answered;
    }

    /**
     * What became of one answer, or one prompt: {@code what} is "answered" (typed at {@code prompt}, under
     * {@code question}, the paragraph above it), "again" (the same prompt came back right after it: not taken),
     * "end of input" (a prompt with no answer left) or "unread" (never asked for).
     */
    public record Answer(String what, String answer, String prompt, String question) {
        /** The question and its prompt, as the terminal showed them (the question cut short). */
        public String asked() {
            String q = question.length() > 110 ? question.substring(0, 110) + "..." : question;
            return (q.isEmpty() ? "" : q + " ") + prompt;
        }

        @Override
        public String toString() {
            return switch (what) {
                case "answered" -> "'" + answer + "' typed at '" + asked() + "'";
                case "again" -> "'" + answer + "' not taken: it asked again";
                case "end of input" -> "nothing left to type at '" + asked() + "' (the end of input)";
                default -> "'" + answer + "' never read (it asked nothing more)";
            };
        }
    }

    /** What the package index served while the last command ran (the substitutes pip installed), in order. */
    public List<PackageIndex.Served> substitutes() {
        return substitutes;
    }

    /**
     * Registers with the package index what the script's pip installs will ask for; returns how many wheels the
     * index had served before (-1 without an index, or when it does not answer a command that is no pip install).
     */
    private int pinFor(String script) throws IOException {
        if (index == null) {
            return -1;
        }
        List<PipInstall> installs = PipInstall.in(script);
        try {
            if (!installs.isEmpty()) {
                List<String> lines = new ArrayList<>();
                for (PipInstall p : installs) {
                    lines.addAll(p.requirements());
                    for (String file : p.files()) {
                        lines.addAll(requirementsOnServer(p.cdBefore(), file, 0));
                    }
                }
                index.pin(lines);
            }
            return index.served().size();
        } catch (SubstituteException e) {
            if (installs.isEmpty()) {
                return -1; // not pip's command: it runs as it would without the index
            }
            throw notRunnable(script, e);
        }
    }

    /** The requirement lines of a requirements file as pip will read it: from the terminal's directory, includes too. */
    private List<String> requirementsOnServer(List<String> cds, String file, int depth) throws IOException {
        StringBuilder cd = new StringBuilder();
        for (String d : cds) {
            cd.append("cd ").append(shellPath(d)).append(" 2>/dev/null && ");
        }
        ExecResult r = exec("[ -f " + dir + "/env.sh ] && . " + dir + "/env.sh >/dev/null 2>&1; " + cd + "cat -- "
                + shellPath(file) + " 2>/dev/null");
        if (r.exitCode() != 0) {
            return List.of(); // pip will say the file is missing, in its own words
        }
        PipInstall.RequirementsFile read = PipInstall.read(r.stdout());
        List<String> lines = new ArrayList<>(read.requirements());
        int slash = file.lastIndexOf('/');
        for (String include : read.includes()) {
            if (depth < 5) {
                String relative = include.startsWith("/") || slash < 0 ? include : file.substring(0, slash + 1) + include;
                lines.addAll(requirementsOnServer(cds, relative, depth + 1));
            }
        }
        return lines;
    }

    /** A path for the shell, quoted, keeping a leading ~ or $HOME expandable. */
    private static String shellPath(String path) {
        String home = path.startsWith("~/") ? "\"$HOME\"/" : path.startsWith("$HOME/") ? "\"$HOME\"/" : "";
        String rest = home.isEmpty() ? path : path.substring(path.indexOf('/') + 1);
        if (path.equals("~")) {
            return "\"$HOME\"";
        }
        return home + "'" + rest.replace("'", "'\\''") + "'";
    }

    private Outcome run(String script, List<String> answers) throws IOException {
        int n = ++count;
        String wrapper = wrapper(script, n);
        String encoded = Base64.getEncoder().encodeToString(wrapper.getBytes(StandardCharsets.UTF_8));
        String input = "/dev/null";
        String typed = "";
        String runs = "bash " + dir + "/cmd-" + n + ".sh";
        answered = List.of();
        boolean pty = !answers.isEmpty() && answering();
        if (!answers.isEmpty()) {
            String file = dir + "/in-" + n + ".txt";
            typed = "printf '%s' '" + Base64.getEncoder().encodeToString((String.join("\n", answers) + "\n")
                    .getBytes(StandardCharsets.UTF_8)) + "' | base64 -d > " + file + " && ";
            // in a terminal of its own, each answer typed at a prompt, as a person at the keyboard does: a program
            // that asks only where there is a terminal (certbot) asks then; without python, its input is the answers
            if (pty) {
                runs = "python3 " + ANSWERS + " " + dir + "/cmd-" + n + ".sh " + file + " " + dir + "/answered-" + n + ".log";
            } else {
                input = file;
            }
        }
        ExecResult start = exec("printf '%s' '" + encoded + "' | base64 -d > " + dir + "/cmd-" + n + ".sh && " + typed
                + "rm -f " + dir + "/rc-" + n + " && "
                + "{ setsid " + runs + " > " + dir + "/out-" + n + ".log 2>&1 < " + input + " & } && echo $!");
        must(start, "starting a command in terminal " + number);
        int pid = Integer.parseInt(start.stdout().strip());
        sessions.add(pid);
        boolean viewer = VIEWER.matcher(script.strip()).find();
        long began = System.nanoTime();
        long deadline = began + settings.command().toNanos();
        long readyDeadline = began + settings.ready().toNanos();
        List<String> listeners = List.of();
        while (true) {
            ExecResult probe = exec(probeScript(n, pid));
            String[] lines = probe.stdout().strip().split("\n");
            String state = lines.length == 0 ? "" : lines[0].strip();
            if (state.startsWith("EXIT ") || state.equals("GONE")) {
                int code = state.startsWith("EXIT ") ? Integer.parseInt(state.substring(5).strip()) : -1;
                if (pty) {
                    answered = answers(n);
                }
                return new Outcome(code, output(n), false, List.of(), false);
            }
            List<String> now = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                if (!lines[i].isBlank()) {
                    now.add(lines[i].strip());
                }
            }
            long elapsed = System.nanoTime() - began;
            if (!now.isEmpty() && now.equals(listeners) || viewer && elapsed > settings.viewerGrace().toNanos()) {
                held = new Held(pid, script, dir + "/out-" + n + ".log", List.copyOf(now));
                return new Outcome(0, output(n), true, held.listeners(), false);
            }
            listeners = now;
            // Its log says it is ready but nothing of its session listens (it serves through another process, as
            // docker compose does): ready all the same, after a grace that lets a listener show first.
            if (now.isEmpty() && elapsed > Duration.ofSeconds(5).toNanos() && READY_LOG.matcher(output(n)).find()) {
                held = new Held(pid, script, dir + "/out-" + n + ".log", List.of());
                return new Outcome(0, output(n), true, List.of(), false);
            }
            if (System.nanoTime() > deadline || (!now.isEmpty() && System.nanoTime() > readyDeadline)) {
                held = new Held(pid, script, dir + "/out-" + n + ".log", now);
                return new Outcome(-1, output(n), true, now, true);
            }
            sleep(now.isEmpty() ? 250 : 150);
        }
    }

    /** Ctrl+C on what holds the terminal, if anything: SIGINT to its process group, then KILL if it lingers. */
    public void interrupt() throws IOException {
        if (held == null) {
            return;
        }
        int pid = held.pid();
        held = null;
        exec("kill -INT -" + pid + " 2>/dev/null; for i in $(seq 50); do kill -0 " + pid + " 2>/dev/null || exit 0;"
                + " sleep 0.1; done; kill -KILL -" + pid + " 2>/dev/null; true");
    }

    /** The directory the terminal is in and the venv active there ("" for none), as its last command left them. */
    public Place place() throws IOException {
        ExecResult r = exec("[ -f " + dir + "/env.sh ] && . " + dir + "/env.sh >/dev/null 2>&1; printf '%s\\n%s\\n' \"$PWD\" \"${VIRTUAL_ENV:-}\"");
        String[] lines = (r.stdout() + "\n\n").split("\n", -1);
        return new Place(lines[0].strip(), lines[1].strip());
    }

    /** Where a terminal is: its working directory and active venv. */
    public record Place(String cwd, String venv) {}

    /** Runs a command of the harness's own (not the student's) on this terminal's connection. */
    public ExecResult exec(String command) throws IOException {
        return session.exec(command, PROBE);
    }

    /** The terminal closes ({@code exit}, or the SSH connection ends): SIGHUP to everything it started. */
    @Override
    public void close() {
        try {
            StringBuilder hup = new StringBuilder();
            for (int pid : sessions) {
                hup.append("kill -HUP -").append(pid).append(" 2>/dev/null; ");
            }
            if (held != null) {
                hup.append("kill -INT -").append(held.pid()).append(" 2>/dev/null; ");
            }
            held = null;
            exec(hup + "true");
        } catch (IOException | RuntimeException e) {
            // the connection is gone already: so is what it held
        } finally {
            session.close();
        }
    }

    private String wrapper(String script, int n) {
        String state = dir + "/env.sh";
        return "S=\"" + dir + "\"\n"
                + "__labcheck_save() { { export -p; declare -f; printf 'cd %q\\n' \"$PWD\"; } > \"$S/env.new\" 2>/dev/null"
                + " && mv -f \"$S/env.new\" \"$S/env.sh\"; }\n"
                + "trap '__labcheck_rc=$?; trap - DEBUG; __labcheck_save; echo $__labcheck_rc > \"$S/rc-" + n + "\"' EXIT\n"
                + "[ -f " + state + " ] && . " + state + " >/dev/null 2>&1\n"
                + "cd \"${PWD:-$HOME}\" 2>/dev/null || cd\n"
                + "trap '__labcheck_save' DEBUG\n"
                + script + "\n";
    }

    /**
     * Whether command n ended, and what its session listens on. Both ss views are read: root sees every socket's
     * process on a VM, but in a container without CAP_SYS_PTRACE it sees none of another user's.
     */
    private String probeScript(int n, int pid) {
        return "if [ -f " + dir + "/rc-" + n + " ]; then echo \"EXIT $(cat " + dir + "/rc-" + n + ")\"; exit 0; fi; "
                + "if ! kill -0 " + pid + " 2>/dev/null; then sleep 0.2; if [ -f " + dir + "/rc-" + n + " ]; then echo \"EXIT $(cat "
                + dir + "/rc-" + n + ")\"; else echo GONE; fi; exit 0; fi; "
                + "echo RUNNING; pids=$(ps -o pid= -s " + pid + " | tr -d ' ' | paste -sd'|' -); "
                + "[ -n \"$pids\" ] && { sudo -n ss -Hltnp 2>/dev/null; ss -Hltnp; } | grep -E \"pid=($pids),\" | awk '{print $4}' | sort -u; true";
    }

    /** Whether the server has python3 to run the pty driver with; the driver is put there the first time. */
    private boolean answering() throws IOException {
        if (answering == null) {
            answering = exec("command -v python3").exitCode() == 0;
            if (answering) {
                try (java.io.InputStream in = Terminal.class.getResourceAsStream("answers.py")) {
                    session.upload(in.readAllBytes(), ANSWERS.substring("$HOME/".length()), 0644, PROBE);
                }
            }
        }
        return answering;
    }

    /** The pty driver's log of command n: a line each, what happened, the answer, the prompt, the question. */
    private List<Answer> answers(int n) throws IOException {
        String log = "";
        // the command's exit status is written as it ends, the driver's last lines a moment later: its "done" says whole
        for (int look = 0; look < 20 && !log.contains("done\t"); look++) {
            if (look > 0) {
                sleep(100);
            }
            log = exec("cat " + dir + "/answered-" + n + ".log 2>/dev/null").stdout();
        }
        return log.lines().map(l -> l.split("\t", -1)).filter(f -> f.length == 4 && !f[0].equals("done"))
                .map(f -> new Answer(f[0], f[1], f[2], f[3])).toList();
    }

    private String output(int n) throws IOException {
        return exec("tail -c 65536 " + dir + "/out-" + n + ".log 2>/dev/null").stdout();
    }

    private static void must(ExecResult r, String what) {
        if (r.exitCode() != 0) {
            throw new IllegalStateException(what + " failed: " + r);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a command", e);
        }
    }

    static final Pattern PORT_OF = Pattern.compile(":(\\d+)$");

    static int portOf(String listener) {
        Matcher m = PORT_OF.matcher(listener);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }
}

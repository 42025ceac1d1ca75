package io.labcheck.diagnose;

import io.labcheck.lab.ShellWords;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the app runs on, as a student can tell from the command their lab starts it with: the program
 * ({@code python3 -m uvicorn main:app} and {@code uvicorn main:app} run uvicorn, {@code gunicorn app:app}
 * gunicorn, {@code flask run} flask) and the Python modules that must import for it to start. A script
 * ({@code python3 app.py}) names no module: its imports are unknown until its log says which one is missing
 * ({@code No module named 'flask'}), and that module is then the one to look for.
 *
 * @param program what the command runs: a program ({@code uvicorn}) or a script ({@code app.py}), "" if none
 * @param modules the top-level Python modules the app needs, as far as is known; empty when nothing is
 */
public record AppProgram(String program, List<String> modules) {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern PYTHON = Pattern.compile("python[0-9.]*");
    /** Python's words for a failed import: {@code No module named 'fastapi'}, {@code No module named uvicorn}. */
    /** What a chain does around the app, not the app: moving, activating, setting, stopping the old one. */
    private static final Set<String> SETUP = Set.of("cd", "source", ".", "export", "set", "unset", "umask", "ulimit",
            "mkdir", "echo", "sleep", "pkill", "kill", "true", "wait", "}", ")");
    private static final Pattern NO_MODULE = Pattern.compile("No module named '?([A-Za-z_][A-Za-z0-9_.]*)'?");

    public AppProgram {
        modules = List.copyOf(modules);
    }

    /**
     * What {@code command} (the app's command line, as the lab types it) runs and needs. Of a chain ({@code cd ~/app
     * && source venv/bin/activate && nohup uvicorn main:app &}) the last command that is not the shell's own setup
     * is the app's.
     */
    public static AppProgram of(String command) {
        List<String> parts = command == null ? List.of() : ShellWords.splitChain(command);
        for (int i = parts.size() - 1; i >= 0; i--) {
            // "{ nohup uvicorn ... & }": the group's brace is not a program
            List<String> words = ShellWords.program(parts.get(i).strip().replaceFirst("^[{(]\\s*", ""));
            if (!words.isEmpty() && !SETUP.contains(words.get(0))) {
                return ofProgram(words);
            }
        }
        return new AppProgram("", List.of());
    }

    private static AppProgram ofProgram(List<String> words) {
        String first = words.get(0).substring(words.get(0).lastIndexOf('/') + 1); // a unit runs /home/u/venv/bin/uvicorn
        if (first.equals("systemctl") || first.equals("service")) {
            // "sudo systemctl restart notes" names a unit, not the app's program: its ExecStart does
            return new AppProgram("", List.of());
        }
        if (PYTHON.matcher(first).matches()) {
            // python3 app.py: a script, whose imports the command does not show (python3 -c '...' neither)
            String script = words.size() > 1 && !words.get(1).startsWith("-") ? words.get(1) : first;
            return new AppProgram(script, List.of());
        }
        if (first.endsWith(".py")) {
            return new AppProgram(words.get(0), List.of()); // ./app.py
        }
        String module = topLevel(first.replace('-', '_'));
        return new AppProgram(first, IDENTIFIER.matcher(module).matches() ? List.of(module) : List.of());
    }

    /** The module a Python error names ({@code ModuleNotFoundError: No module named 'flask.cli'} gives flask), if any. */
    public static Optional<String> missingModule(String log) {
        if (log == null) {
            return Optional.empty();
        }
        Matcher m = NO_MODULE.matcher(log);
        return m.find() ? Optional.of(topLevel(m.group(1))) : Optional.empty();
    }

    /** These modules and the one {@code log} says is missing, when it names one this does not have. */
    public AppProgram withLog(String log) {
        return missingModule(log).filter(m -> !modules.contains(m)).map(m -> {
            List<String> more = new ArrayList<>(modules);
            more.add(m);
            return new AppProgram(program, more);
        }).orElse(this);
    }

    private static String topLevel(String module) {
        int dot = module.indexOf('.');
        return dot > 0 ? module.substring(0, dot) : module;
    }
}

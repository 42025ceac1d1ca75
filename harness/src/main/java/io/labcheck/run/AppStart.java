package io.labcheck.run;

import io.labcheck.lab.ShellWords;

import java.util.List;

/**
 * How to start again an app the lab started, for the faults that stop and restart it and for the fix the
 * diagnosis shows: in the directory it was started in, its venv activated when one was, in the background
 * with its log in the login user's home.
 */
final class AppStart {
    static final String LOG = "~/app.log";

    private AppStart() {}

    static String command(RunningApp app) {
        if (!app.unit().isEmpty()) {
            return "sudo systemctl restart " + app.unit();
        }
        StringBuilder sb = new StringBuilder();
        String venv = app.venv();
        if (!venv.isEmpty()) {
            int slash = venv.lastIndexOf('/');
            sb.append("cd ").append(venv, 0, Math.max(1, slash)).append(" && source ").append(venv.substring(slash + 1))
                    .append("/bin/activate && ");
        }
        sb.append("cd ").append(app.cwd().isEmpty() ? "~" : app.cwd()).append(" && { nohup ").append(app.command())
                .append(" > ").append(LOG).append(" 2>&1 < /dev/null & }");
        return sb.toString();
    }

    /** A pattern of its command line, for pkill -f: the program and its first argument. */
    static String match(RunningApp app) {
        List<String> program = ShellWords.program(app.command());
        return String.join(" ", program.subList(0, Math.min(2, program.size())));
    }
}

package io.labcheck.fault;

/**
 * Starts the app the way it is started, but without activating the venv first, as a student who opened
 * a new terminal would: the shell finds no uvicorn (or the system python has no fastapi), and the app
 * does not come up. For an app a systemd unit runs, the unit's ExecStart is the system python instead of the
 * venv's program, as a student who forgot the venv writes it.
 */
final class VenvInactiveFault extends AppDownFault {
    /** The activation in the deployment's start command: {@code source venv/bin/activate && }, any venv name. */
    static final java.util.regex.Pattern ACTIVATE = java.util.regex.Pattern.compile("(?:source|\\.) \\S+/bin/activate && ");

    /** A unit's ExecStart whose program is a venv's: {@code /home/ubuntu/venv/bin/uvicorn ...}. */
    private static final java.util.regex.Pattern VENV_PROGRAM = java.util.regex.Pattern.compile(
            "(?m)^ExecStart=(\\S+)/bin/(\\S+)(.*)$");
    private static final String BACKUP = ".labcheck-venv";

    @Override
    public void inject(Deployment d) {
        if (d.byUnit()) {
            outsideTheVenv(d);
            return;
        }
        if (!appliesTo(d)) {
            throw new FaultException("this deployment does not start its app from a venv (no 'source .../bin/activate'"
                    + " in: " + d.appStart() + ")");
        }
        stopApp(d);
        must(d.asUser(ACTIVATE.matcher(d.appStart()).replaceFirst(""), COMMAND), "starting the app outside the venv");
        sleep(1500); // give it the time it would take to fail
    }

    /**
     * The unit as a student writes it who forgot the venv: its ExecStart runs the system python
     * ({@code /usr/bin/python3 -m uvicorn ...} for the venv's {@code uvicorn}); kept beside it to be put back.
     */
    private static void outsideTheVenv(Deployment d) {
        String path = unitFile(d);
        String unit = must(d.asRoot("cat " + path, COMMAND), "reading " + path).stdout();
        java.util.regex.Matcher m = VENV_PROGRAM.matcher(unit);
        if (!m.find()) {
            throw new FaultException(path + " has no ExecStart in a venv to take out of it");
        }
        String program = m.group(2).matches("python[0-9.]*") ? "/usr/bin/python3" : "/usr/bin/python3 -m " + m.group(2);
        String changed = unit.substring(0, m.start()) + "ExecStart=" + program + m.group(3) + unit.substring(m.end());
        String encoded = java.util.Base64.getEncoder().encodeToString(changed.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        must(d.asRoot("cp -p " + path + " " + path + BACKUP + " && echo " + encoded + " | base64 -d > " + path
                + " && systemctl daemon-reload && systemctl restart " + d.unit(), COMMAND), "starting " + d.unit()
                + " outside its venv");
        sleep(2000); // give it the time it would take to fail, and systemd to try again
    }

    private static String unitFile(Deployment d) {
        String path = d.asRoot("systemctl show -p FragmentPath --value " + d.unit(), COMMAND).stdout().strip();
        if (path.isEmpty()) {
            throw new FaultException("systemd knows no file for the unit " + d.unit());
        }
        return path;
    }

    /**
     * Applied when the app, started outside its venv, is not up: nothing listens on its port and no process of it
     * runs (for a unit: its ExecStart is the system python's and it is not active). Not the log lines the diagnosis
     * reads: the fault is proved by what it did, the diagnosis finds why from what the server says.
     */
    @Override
    public Check applied(Deployment d) {
        String l = listeners(d);
        if (d.byUnit()) {
            String exec = d.asRoot("systemctl show -p ExecStart --value " + d.unit(), COMMAND).stdout();
            String state = d.asRoot("systemctl is-active " + d.unit(), COMMAND).stdout().strip();
            boolean system = exec.contains("path=/usr/bin/python3");
            return new Check(l.isBlank() && system && !state.equals("active"), "port " + d.appPort() + " listens on "
                    + (l.isBlank() ? "nothing" : l) + "; " + d.unit() + " is " + state + ", its ExecStart runs "
                    + (system ? "/usr/bin/python3" : exec.strip()));
        }
        String running = running(d);
        return new Check(l.isBlank() && running.isEmpty(), "port " + d.appPort() + " listens on "
                + (l.isBlank() ? "nothing" : l) + "; " + (running.isEmpty() ? "no process of the app runs"
                : "the app runs: " + running));
    }

    @Override
    public void revert(Deployment d) {
        if (d.byUnit()) {
            String path = unitFile(d);
            must(d.asRoot("if [ -f " + path + BACKUP + " ]; then mv " + path + BACKUP + " " + path + "; fi;"
                    + " systemctl daemon-reload && systemctl reset-failed " + d.unit() + " ; true", COMMAND),
                    "putting " + path + " back");
        }
        super.revert(d);
    }

    /** Whether a unit deployment's ExecStart runs a venv's program, or why not. */
    static String whyNotUnit(Deployment d) {
        String exec = d.asRoot("systemctl cat " + d.unit() + " 2>/dev/null | grep '^ExecStart='", COMMAND).stdout();
        java.util.regex.Matcher m = VENV_PROGRAM.matcher(exec);
        if (!m.find()) {
            return "the " + d.unit() + " unit's ExecStart runs no venv's program";
        }
        boolean venv = d.asRoot("test -f " + m.group(1) + "/bin/activate", COMMAND).exitCode() == 0;
        return venv ? "" : "the " + d.unit() + " unit's ExecStart runs " + m.group(1) + "/bin/" + m.group(2) + ", not a venv's";
    }

    /** Whether {@code d} starts its app from a venv at all. */
    static boolean appliesTo(Deployment d) {
        return ACTIVATE.matcher(d.appStart()).find();
    }
}

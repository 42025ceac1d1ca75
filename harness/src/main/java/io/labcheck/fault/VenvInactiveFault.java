package io.labcheck.fault;

/**
 * Starts the app the way it is started, but without activating the venv first, as a student who opened
 * a new terminal would: the shell finds no uvicorn (or the system python has no fastapi), and the app
 * does not come up.
 */
final class VenvInactiveFault extends AppDownFault {
    /** The activation in the deployment's start command: {@code source venv/bin/activate && }, any venv name. */
    static final java.util.regex.Pattern ACTIVATE = java.util.regex.Pattern.compile("(?:source|\\.) \\S+/bin/activate && ");

    @Override
    public void inject(Deployment d) {
        if (!appliesTo(d)) {
            throw new FaultException("this deployment does not start its app from a venv (no 'source .../bin/activate'"
                    + " in: " + d.appStart() + ")");
        }
        stopApp(d);
        must(d.asUser(ACTIVATE.matcher(d.appStart()).replaceFirst(""), COMMAND), "starting the app outside the venv");
        sleep(1500); // give it the time it would take to fail
    }

    @Override
    public Check applied(Deployment d) {
        String l = listeners(d);
        String log = d.asUser("tail -n 5 ~/*.log ~/*/*.log 2>/dev/null", COMMAND).stdout();
        boolean failed = log.contains("No such file or directory") || log.contains("ModuleNotFoundError")
                || log.contains("No module named") || log.contains("command not found");
        return new Check(l.isBlank() && failed, "port " + d.appPort() + " listens on " + (l.isBlank() ? "nothing" : l)
                + "; the app's log ends: " + log.strip().replace('\n', ' '));
    }

    /** Whether {@code d} starts its app from a venv at all. */
    static boolean appliesTo(Deployment d) {
        return ACTIVATE.matcher(d.appStart()).find();
    }
}

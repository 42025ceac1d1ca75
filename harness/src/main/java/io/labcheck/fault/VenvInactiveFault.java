package io.labcheck.fault;

/**
 * Starts the app the way it is started, but without activating the venv first, as a student who opened
 * a new terminal would: the shell finds no uvicorn (or the system python has no fastapi), and the app
 * does not come up.
 */
final class VenvInactiveFault extends AppDownFault {
    static final String ACTIVATE = "source venv/bin/activate && ";

    @Override
    public void inject(Deployment d) {
        if (!d.appStart().contains(ACTIVATE)) {
            throw new FaultException("this deployment does not start its app from a venv ('" + ACTIVATE.strip()
                    + "' is not in: " + d.appStart() + ")");
        }
        stopApp(d);
        must(d.asUser(d.appStart().replace(ACTIVATE, ""), COMMAND), "starting the app outside the venv");
        sleep(1500); // give it the time it would take to fail
    }

    @Override
    public Check applied(Deployment d) {
        String l = listeners(d);
        String log = d.asUser("tail -n 5 ~/*.log 2>/dev/null", COMMAND).stdout();
        boolean failed = log.contains("No such file or directory") || log.contains("ModuleNotFoundError")
                || log.contains("command not found");
        return new Check(l.isBlank() && failed, "port " + d.appPort() + " listens on " + (l.isBlank() ? "nothing" : l)
                + "; the app's log ends: " + log.strip().replace('\n', ' '));
    }

    /** Whether {@code d} starts its app from a venv at all. */
    static boolean appliesTo(Deployment d) {
        return d.appStart().contains(ACTIVATE);
    }
}

package io.labcheck.diagnose;

/** What an app's log says when it could not start for want of its program or its modules. */
public final class AppLog {
    /**
     * The start-up failures, as an extended regular expression for {@code grep -E}: the shell or nohup not finding the
     * program, Python not finding a module.
     */
    public static final String STARTUP_FAILURES = "No such file or directory|ModuleNotFoundError|No module named|command not found";

    private AppLog() {}
}

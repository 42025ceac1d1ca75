package io.labcheck.fault;

import io.labcheck.host.ContainerHosts;

import java.time.Duration;

/** What the injectors share: their kind, and running a command on the server that must succeed. */
abstract class AbstractFault implements Fault {
    static final Duration COMMAND = Duration.ofSeconds(30);
    FaultKind kind;

    @Override
    public FaultKind kind() {
        return kind;
    }

    static ContainerHosts.ExecResult must(ContainerHosts.ExecResult r, String what) {
        if (r.exitCode() != 0) {
            throw new FaultException(what + " failed (exit " + r.exitCode() + "): " + r.stderr().strip());
        }
        return r;
    }

    /** Starts the app the way the deployment started it, and waits until it listens (bounded). */
    static void startApp(Deployment d, String startCommand) {
        must(d.asUser(startCommand, COMMAND), "starting the app");
        awaitListener(d);
    }

    /** Waits (bounded) until something listens on the app's port. */
    static void awaitListener(Deployment d) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!listeners(d).isBlank()) {
                return;
            }
            sleep(200);
        }
        throw new FaultException("the app did not listen on port " + d.appPort() + " within 30 s after: " + d.appStart());
    }

    /** Stops the app: its unit when one runs it (a kill would only make systemd restart it), else its process. */
    static void stopApp(Deployment d) {
        d.asRoot(d.byUnit() ? "systemctl stop " + d.unit() : "pkill -f '" + d.appMatch() + "' ; true", COMMAND);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline && !listeners(d).isBlank()) {
            sleep(100);
        }
        if (!listeners(d).isBlank()) {
            throw new FaultException("the app still listens on port " + d.appPort() + " after pkill");
        }
        if (!d.byUnit()) {
            // its port closes before the process has ended: one still shutting down would write its last lines into
            // the log the next start truncated, after that start's own (and push them out of the log's tail)
            while (System.nanoTime() < deadline && !running(d).isEmpty()) {
                sleep(100);
            }
            String left = running(d);
            if (!left.isEmpty()) {
                throw new FaultException("the app's process still runs 15 s after pkill: " + left);
            }
        }
    }

    /** The app's processes as pgrep lists them, blank when none runs. */
    static String running(Deployment d) {
        return d.asUser("pgrep -af '" + d.appMatch() + "' | grep -v pgrep", COMMAND).stdout().strip();
    }

    /** The local addresses something listens on at the app's port, as `ss` prints them. */
    static String listeners(Deployment d) {
        return d.asRoot("ss -Hltn 'sport = :" + d.appPort() + "' | awk '{print $4}'", COMMAND).stdout().strip();
    }

    /** The healthy end state of every app fault's revert: the app listens on all addresses. */
    static Check listensOnAllAddresses(Deployment d) {
        String l = listeners(d);
        return new Check(l.contains("0.0.0.0:" + d.appPort()), "port " + d.appPort() + " listens on "
                + (l.isBlank() ? "nothing" : l));
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FaultException("interrupted", e);
        }
    }
}

package io.labcheck.fault;

/**
 * Restarts the app with --host 127.0.0.1: it answers on the server, nowhere else. An app run by a systemd unit
 * gets a drop-in that overrides its ExecStart, as an administrator would, and loses it on revert.
 */
final class LoopbackBindFault extends AbstractFault {

    @Override
    public void inject(Deployment d) {
        if (d.byUnit()) {
            String exec = must(d.asRoot("systemctl cat " + d.unit() + " | grep '^ExecStart=' | tail -n 1", COMMAND),
                    "reading " + d.unit() + "'s ExecStart").stdout().strip();
            if (!exec.contains("--host 0.0.0.0")) {
                throw new FaultException(d.unit() + " does not start the app with --host 0.0.0.0: " + exec);
            }
            must(d.asRoot("mkdir -p " + dropIn(d) + " && printf '[Service]\nExecStart=\n%s\n' '"
                    + exec.replace("--host 0.0.0.0", "--host 127.0.0.1") + "' > " + dropIn(d) + "/labcheck-fault.conf"
                    + " && systemctl daemon-reload && systemctl restart " + d.unit(), COMMAND), "overriding " + d.unit());
            awaitListener(d);
            return;
        }
        if (!d.appStart().contains("--host 0.0.0.0")) {
            throw new FaultException("the app is not started with --host 0.0.0.0, so it cannot be moved to 127.0.0.1: "
                    + d.appStart());
        }
        stopApp(d);
        startApp(d, d.appStart().replace("--host 0.0.0.0", "--host 127.0.0.1"));
    }

    @Override
    public Check applied(Deployment d) {
        String l = listeners(d);
        return new Check(l.contains("127.0.0.1:" + d.appPort()) && !l.contains("0.0.0.0:") && !l.contains("*:"),
                "port " + d.appPort() + " listens on " + (l.isBlank() ? "nothing" : l));
    }

    @Override
    public void revert(Deployment d) {
        if (d.byUnit()) {
            must(d.asRoot("rm -f " + dropIn(d) + "/labcheck-fault.conf && rmdir --ignore-fail-on-non-empty " + dropIn(d)
                    + " && systemctl daemon-reload && systemctl restart " + d.unit(), COMMAND), "removing the override");
            awaitListener(d);
            return;
        }
        stopApp(d);
        startApp(d, d.appStart());
    }

    @Override
    public Check reverted(Deployment d) {
        return listensOnAllAddresses(d);
    }

    /** Why the unit's bind address cannot be moved, or "" when its ExecStart binds all addresses with --host. */
    static String whyNotUnit(Deployment d) {
        if (d.hosts() == null) {
            return "the " + d.unit() + " unit's ExecStart cannot be read: there is no way onto the server";
        }
        String exec = d.asRoot("systemctl cat " + d.unit() + " 2>/dev/null | grep '^ExecStart=' | tail -n 1", COMMAND)
                .stdout().strip();
        return exec.contains("--host 0.0.0.0") ? "" : "the " + d.unit() + " unit does not start the app with --host"
                + " 0.0.0.0 (" + (exec.isEmpty() ? "no ExecStart shown" : exec) + "), so there is no bind address to move";
    }

    private static String dropIn(Deployment d) {
        return "/etc/systemd/system/" + d.unit() + (d.unit().contains(".") ? "" : ".service") + ".d";
    }
}

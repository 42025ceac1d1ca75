package io.labcheck.fault;

/** Restarts the app with --host 127.0.0.1: it answers on the server, nowhere else. */
final class LoopbackBindFault extends AbstractFault {

    @Override
    public void inject(Deployment d) {
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
        stopApp(d);
        startApp(d, d.appStart());
    }

    @Override
    public Check reverted(Deployment d) {
        return listensOnAllAddresses(d);
    }
}

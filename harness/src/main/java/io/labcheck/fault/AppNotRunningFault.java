package io.labcheck.fault;

/** Stops the app: nothing listens on its port. */
final class AppNotRunningFault extends AppDownFault {

    @Override
    public void inject(Deployment d) {
        stopApp(d);
    }

    @Override
    public Check applied(Deployment d) {
        String l = listeners(d);
        return new Check(l.isBlank(), "port " + d.appPort() + " listens on " + (l.isBlank() ? "nothing" : l));
    }
}

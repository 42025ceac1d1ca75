package io.labcheck.fault;

/**
 * A fault that leaves the app not running; reverting it starts the app the way the deployment starts
 * it, and it is reverted once the app listens on all addresses again.
 */
abstract class AppDownFault extends AbstractFault {

    @Override
    public void revert(Deployment d) {
        startApp(d, d.appStart());
    }

    @Override
    public Check reverted(Deployment d) {
        return listensOnAllAddresses(d);
    }
}

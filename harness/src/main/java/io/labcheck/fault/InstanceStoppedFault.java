package io.labcheck.fault;

import java.time.Duration;

import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/** Stops the instance. Reverting starts it and starts the app again, as a student would have to. */
final class InstanceStoppedFault extends AbstractFault {
    private static final Duration STATE = Duration.ofMinutes(3);

    @Override
    public void inject(Deployment d) {
        d.ec2().stopInstances(r -> r.instanceIds(d.instanceId()));
        await(d, InstanceStateName.STOPPED);
    }

    @Override
    public Check applied(Deployment d) {
        InstanceStateName s = d.instance().state().name();
        return new Check(s == InstanceStateName.STOPPED, "the instance is " + s);
    }

    @Override
    public void revert(Deployment d) {
        d.ec2().startInstances(r -> r.instanceIds(d.instanceId()));
        await(d, InstanceStateName.RUNNING);
        if (d.hasApp()) {
            startApp(d, d.appStart()); // a background process does not survive a stop
        }
    }

    @Override
    public Check reverted(Deployment d) {
        InstanceStateName s = d.instance().state().name();
        if (!d.hasApp()) {
            return new Check(s == InstanceStateName.RUNNING, "the instance is " + s);
        }
        String listening = listeners(d);
        return new Check(s == InstanceStateName.RUNNING && !listening.isBlank(),
                "the instance is " + s + ", the app listens on " + (listening.isBlank() ? "nothing" : listening));
    }

    private static void await(Deployment d, InstanceStateName state) {
        long deadline = System.nanoTime() + STATE.toNanos();
        while (d.instance().state().name() != state) {
            if (System.nanoTime() > deadline) {
                throw new FaultException(d.instanceId() + " did not become " + state + " within " + STATE);
            }
            sleep(200);
        }
    }
}

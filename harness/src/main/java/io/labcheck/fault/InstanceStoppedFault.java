package io.labcheck.fault;

import java.time.Duration;

import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/**
 * Stops the instance. Reverting starts it and starts again what a student would have to: the app, and the containers
 * that ran before the stop and whose restart policy does not bring them back (a compose service without
 * {@code restart:}), named in the reverted check.
 */
final class InstanceStoppedFault extends AbstractFault {
    private static final Duration STATE = Duration.ofMinutes(3);
    private static final String RUNNING_CONTAINERS = "command -v docker > /dev/null && docker ps --format '{{.Names}}'"
            + " 2>/dev/null | sort; true";

    /** The containers that ran before the stop. */
    private java.util.List<String> before = java.util.List.of();
    /** Those of them the restart did not bring back, started again by hand. */
    private java.util.List<String> startedByHand = java.util.List.of();

    @Override
    public void inject(Deployment d) {
        // what runs on the server is seen through the container hosts; with the cloud's API alone there is no server
        before = d.hosts() == null ? java.util.List.of()
                : d.asRoot(RUNNING_CONTAINERS, COMMAND).stdout().lines().filter(l -> !l.isBlank()).toList();
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
        if (!before.isEmpty()) {
            java.util.Set<String> now = new java.util.HashSet<>(d.asRoot(RUNNING_CONTAINERS, COMMAND).stdout().lines().toList());
            startedByHand = before.stream().filter(c -> !now.contains(c)).toList();
            if (!startedByHand.isEmpty()) {
                must(d.asRoot("docker start " + String.join(" ", startedByHand), COMMAND),
                        "starting again the containers the restart did not bring back");
            }
        }
    }

    @Override
    public java.util.List<String> restoredByHand() {
        return startedByHand.isEmpty() ? java.util.List.of() : java.util.List.of("the container"
                + (startedByHand.size() == 1 ? " " : "s ") + String.join(", ", startedByHand) + (startedByHand.size() == 1
                ? " does" : " do") + " not come back when the instance stops and starts: no restart policy brings "
                + (startedByHand.size() == 1 ? "it" : "them") + " back (a compose service without restart:, a docker run"
                + " without --restart), so after a reboot " + (startedByHand.size() == 1 ? "it stays" : "they stay")
                + " down until started by hand");
    }

    @Override
    public Check reverted(Deployment d) {
        InstanceStateName s = d.instance().state().name();
        String byHand = startedByHand.isEmpty() ? "" : "; the restart did not bring back " + String.join(", ", startedByHand)
                + " (no restart policy that does), started again as the student would";
        if (!d.hasApp()) {
            return new Check(s == InstanceStateName.RUNNING, "the instance is " + s + byHand);
        }
        String listening = listeners(d);
        return new Check(s == InstanceStateName.RUNNING && !listening.isBlank(),
                "the instance is " + s + ", the app listens on " + (listening.isBlank() ? "nothing" : listening) + byHand);
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

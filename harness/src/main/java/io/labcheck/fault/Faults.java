package io.labcheck.fault;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Injects faults into one deployment and guarantees they are taken back: each injection is proved
 * applied before it counts, each revert is proved, and {@link #close()} reverts whatever is still in,
 * newest first, even after a failed test. A revert that cannot be proved is an error.
 */
public final class Faults implements AutoCloseable {
    private final Deployment deployment;
    private final Deque<Fault> active = new ArrayDeque<>();

    public Faults(Deployment deployment) {
        this.deployment = deployment;
    }

    /** Injects {@code kind} and proves it applied; one that did not take stays active for close() to revert. */
    public Fault inject(FaultKind kind) {
        return inject(kind.newFault());
    }

    synchronized Fault inject(Fault fault) {
        FaultKind kind = fault.kind();
        active.push(fault);
        fault.inject(deployment);
        Check applied = fault.applied(deployment);
        if (!applied.holds()) {
            throw new FaultException(kind.id() + " was injected but did not take: " + applied.detail());
        }
        return fault;
    }

    /** Reverts {@code fault} and proves the deployment is back as it was. */
    public synchronized Check revert(Fault fault) {
        if (!active.remove(fault)) {
            throw new IllegalStateException(fault.kind().id() + " is not active");
        }
        fault.revert(deployment);
        Check reverted = fault.reverted(deployment);
        if (!reverted.holds()) {
            throw new FaultException(fault.kind().id() + " could not be reverted: " + reverted.detail());
        }
        return reverted;
    }

    public synchronized List<Fault> active() {
        return List.copyOf(active);
    }

    /** Reverts everything still active, newest first; throws after trying them all if any failed. */
    @Override
    public synchronized void close() {
        List<String> failures = new ArrayList<>();
        while (!active.isEmpty()) {
            Fault f = active.peek();
            try {
                revert(f);
            } catch (RuntimeException e) {
                active.remove(f);
                failures.add(f.kind().id() + ": " + e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            throw new FaultException("faults left in place: " + failures);
        }
    }
}

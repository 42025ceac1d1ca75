package io.labcheck.fault;

/**
 * One documented failure, made real on a deployment and taken back: inject, prove it applied, revert,
 * prove it is gone. An instance remembers what it changed so that revert restores exactly that.
 */
public interface Fault {

    FaultKind kind();

    void inject(Deployment deployment);

    /** Observes the deployment: does the fault's effect hold now? */
    Check applied(Deployment deployment);

    void revert(Deployment deployment);

    /** Observes the deployment: is it as it was before the injection? */
    Check reverted(Deployment deployment);

    /**
     * What the revert had to restore beyond undoing the fault, as a student would have to (each a sentence a course
     * author can act on: what did not come back by itself); empty when nothing.
     */
    default java.util.List<String> restoredByHand() {
        return java.util.List.of();
    }
}

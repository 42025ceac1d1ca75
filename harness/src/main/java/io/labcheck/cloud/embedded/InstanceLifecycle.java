package io.labcheck.cloud.embedded;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What backs an instance (a container, nothing at all). The embedded cloud calls these when the API
 * changes an instance's state; the instance stays in its transitional state (pending, stopping,
 * shutting-down) until the returned stage completes, as EC2 does while a VM boots or halts. Calls
 * arrive under the emulator's lock: start the work and return at once.
 */
public interface InstanceLifecycle {

    CompletionStage<Void> launch(InstanceView instance);

    CompletionStage<Void> stop(InstanceView instance);

    CompletionStage<Void> start(InstanceView instance);

    CompletionStage<Void> terminate(InstanceView instance);

    /**
     * Restarts a running instance's machine (RebootInstances): the API keeps it running throughout, as EC2 does; what
     * the machine brings back at boot is what it has. 
     */
    CompletionStage<Void> reboot(InstanceView instance);

    /** What the instance's console shows of its boot (GetConsoleOutput), "" when nothing backs it. */
    String consoleOutput(InstanceView instance);

    /**
     * Brings what the instances show from outside (their public addresses) in line with what they run now, before
     * returning; nothing to do for a data plane that has no lag. Not called under the emulator's lock.
     */
    default void settle() {}

    /** No data plane: instances exist only in the API. */
    InstanceLifecycle NONE = new InstanceLifecycle() {
        @Override
        public CompletionStage<Void> launch(InstanceView instance) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> stop(InstanceView instance) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> start(InstanceView instance) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> terminate(InstanceView instance) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> reboot(InstanceView instance) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public String consoleOutput(InstanceView instance) {
            return "";
        }
    };
}

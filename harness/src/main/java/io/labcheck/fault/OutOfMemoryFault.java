package io.labcheck.fault;

import io.labcheck.host.MemoryReading;

/**
 * A process of the student's takes most of the memory the instance type has (85% of the limit) and
 * keeps it: the next thing that needs memory (a pip install, a request) fails or is killed.
 */
final class OutOfMemoryFault extends AbstractFault {
    static final String MARKER = "labcheck-memory-hog";

    @Override
    public void inject(Deployment d) {
        MemoryReading m = MemoryReading.parse(d.asUser(MemoryReading.COMMAND, COMMAND).stdout());
        long bytes = (long) (m.totalBytes() * 0.85) - m.usedBytes();
        if (bytes <= 0) {
            throw new FaultException("memory is already " + m + ": nothing to take");
        }
        must(d.asUser("nohup python3 -c 'import sys, time; b = bytearray(" + bytes + "); time.sleep(3600)' " + MARKER
                + " > /dev/null 2>&1 < /dev/null &", COMMAND), "starting the memory hog");
        // the bound grows with what there is to fill: page faults in a container run at a few hundred MiB/s here,
        // slower on a loaded machine; 40 MiB/s is a floor no healthy machine falls under
        long seconds = Math.max(20, (bytes >> 20) / 40);
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(seconds).toNanos();
        while (!applied(d).holds()) {
            if (System.nanoTime() > deadline) {
                throw new FaultException("memory did not fill within " + seconds + " s (" + (bytes >> 20)
                        + " MiB to take): " + applied(d).detail());
            }
            sleep(200);
        }
    }

    @Override
    public Check applied(Deployment d) {
        MemoryReading m = MemoryReading.parse(d.asUser(MemoryReading.COMMAND, COMMAND).stdout());
        return new Check(m.usedFraction() >= 0.8, "memory " + m);
    }

    @Override
    public void revert(Deployment d) {
        d.asRoot("pkill -f " + MARKER + " ; true", COMMAND);
    }

    @Override
    public Check reverted(Deployment d) {
        MemoryReading m = MemoryReading.parse(d.asUser(MemoryReading.COMMAND, COMMAND).stdout());
        boolean hog = d.asRoot("pgrep -f " + MARKER, COMMAND).exitCode() == 0;
        return new Check(!hog && m.usedFraction() < 0.5, "memory " + m + (hog ? ", the hog still runs" : ""));
    }
}

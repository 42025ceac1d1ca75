package io.labcheck.fault;

import io.labcheck.host.MemoryReading;

/**
 * A process of the student's takes most of the memory the instance type has (85% of the limit) and
 * keeps it: the next thing that needs memory (a pip install, a request) fails or is killed.
 */
final class OutOfMemoryFault extends AbstractFault {
    static final String MARKER = "labcheck-memory-hog";
    /** What the hog was asked to take, in bytes: applied once {@code ps} shows it holding (nearly) that much. */
    private long taking;
    private static final java.time.Duration STALL = java.time.Duration.ofSeconds(10);
    private static final java.time.Duration CAP = java.time.Duration.ofMinutes(3);
    /** How long the kernel may take to give the hog's memory back once it is killed. */
    private static final java.time.Duration RELEASE = java.time.Duration.ofSeconds(30);

    @Override
    public void inject(Deployment d) {
        MemoryReading m = MemoryReading.parse(d.asUser(MemoryReading.COMMAND, COMMAND).stdout());
        long bytes = (long) (m.totalBytes() * 0.85) - m.usedBytes();
        if (bytes <= 0) {
            throw new FaultException("memory is already " + m + ": nothing to take");
        }
        taking = bytes;
        must(d.asUser("nohup python3 -c 'import sys, time; b = bytearray(" + bytes + "); time.sleep(3600)' " + MARKER
                + " > /dev/null 2>&1 < /dev/null &", COMMAND), "starting the memory hog");
        // Filling memory runs at a few hundred MiB/s here and far slower on a loaded machine: wait while the hog still
        // grows, give up when it has stood still for STALL (it can no longer get there), and never past CAP.
        long deadline = System.nanoTime() + CAP.toNanos();
        long lastHeld = -1;
        long lastGrowth = System.nanoTime();
        Check now;
        while (!(now = applied(d)).holds()) {
            long held = held(d);
            if (held > lastHeld) {
                lastHeld = held;
                lastGrowth = System.nanoTime();
            }
            if (System.nanoTime() - lastGrowth > STALL.toNanos() || System.nanoTime() > deadline) {
                throw new FaultException("memory did not fill (" + (bytes >> 20) + " MiB to take; the hog stood still"
                        + " for " + STALL.toSeconds() + " s or " + CAP.toSeconds() + " s passed): " + now.detail());
            }
            sleep(200);
        }
    }

    /** The hog's resident memory in bytes as {@code ps} shows it, 0 when it does not run. */
    private static long held(Deployment d) {
        // [l]abcheck-...: the pattern does not match the shell that runs pgrep, whose own command line holds it
        String rss = d.asUser("ps -o rss= -p \"$(pgrep -f '[" + MARKER.charAt(0) + "]" + MARKER.substring(1)
                + "' | head -1)\" 2>/dev/null", COMMAND).stdout().strip();
        return rss.matches("\\d+") ? Long.parseLong(rss) << 10 : 0;
    }

    /**
     * Applied once the hog holds what it was asked to take, as {@code ps} shows its resident memory: the evidence a
     * student has, and not the diagnosis's own threshold on the server's memory.
     */
    @Override
    public Check applied(Deployment d) {
        long held = held(d);
        MemoryReading m = MemoryReading.parse(d.asUser(MemoryReading.COMMAND, COMMAND).stdout());
        return new Check(taking > 0 && held >= taking * 0.95, "the hog holds " + (held >> 20) + " MiB of the "
                + (taking >> 20) + " MiB it takes (ps); memory " + m);
    }

    /**
     * Kills the hog and waits until the kernel has given its memory back: pkill returns at once, and freeing gigabytes
     * takes a while (seconds on a loaded machine), so a check made at once could see the memory still held.
     */
    @Override
    public void revert(Deployment d) {
        d.asRoot("pkill -f " + MARKER + " ; true", COMMAND);
        long deadline = System.nanoTime() + RELEASE.toNanos();
        while (!reverted(d).holds() && System.nanoTime() < deadline) {
            sleep(200);
        }
    }

    @Override
    public Check reverted(Deployment d) {
        MemoryReading m = MemoryReading.parse(d.asUser(MemoryReading.COMMAND, COMMAND).stdout());
        boolean hog = d.asRoot("pgrep -f " + MARKER, COMMAND).exitCode() == 0;
        return new Check(!hog && m.usedFraction() < 0.5, "memory " + m + (hog ? ", the hog still runs" : ""));
    }
}

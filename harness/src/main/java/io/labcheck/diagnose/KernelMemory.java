package io.labcheck.diagnose;

/** What the kernel itself says about memory: how many processes its OOM killer has killed. */
public final class KernelMemory {
    /**
     * The memory cgroup's count of OOM kills since boot (cgroup v1's {@code memory.oom_control}, v2's
     * {@code memory.events}), readable without root; prints nothing where neither exists.
     */
    public static final String OOM_KILLS = "cat /sys/fs/cgroup/memory/memory.oom_control /sys/fs/cgroup/memory.events"
            + " 2>/dev/null | awk '/^oom_kill /{print $2; exit}'";

    private KernelMemory() {}
}

package io.labcheck.host;

import java.util.Locale;

/**
 * How much memory the server has and uses, as {@code free} shows it on a VM of that size. In a
 * container {@code free} shows the machine's memory, so the command reads the cgroup's limit and the
 * processes' resident memory there when a limit is set.
 */
public record MemoryReading(long totalBytes, long usedBytes) {

    /**
     * Prints "total used" in bytes; works as an unprivileged user, on cgroup v1, v2 or a plain VM. awk prints with
     * %.0f, not %d: Debian's mawk caps %d at 2^31-1, which read every machine past 2 GiB as 2047 MiB.
     */
    public static final String COMMAND = "mt=$(awk '/^MemTotal/{printf \"%.0f\", $2*1024}' /proc/meminfo);"
            + " ma=$(awk '/^MemAvailable/{printf \"%.0f\", $2*1024}' /proc/meminfo);"
            + " if [ -r /sys/fs/cgroup/memory/memory.limit_in_bytes ]; then"
            + "   l=$(cat /sys/fs/cgroup/memory/memory.limit_in_bytes); u=$(awk '/^total_rss /{print $2}' /sys/fs/cgroup/memory/memory.stat);"
            + " elif [ -r /sys/fs/cgroup/memory.max ]; then"
            + "   l=$(cat /sys/fs/cgroup/memory.max); u=$(awk '/^anon /{print $2}' /sys/fs/cgroup/memory.stat);"
            + " fi;"
            + " if [ -n \"$l\" ] && [ \"$l\" != max ] && [ \"$l\" -lt \"$mt\" ]; then echo \"$l $u\"; else echo \"$mt $((mt - ma))\"; fi";

    public static MemoryReading parse(String output) {
        String[] parts = output.strip().split("\\s+");
        if (parts.length != 2) {
            throw new IllegalArgumentException("unexpected memory reading: '" + output.strip() + "'");
        }
        return new MemoryReading(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
    }

    public double usedFraction() {
        return totalBytes == 0 ? 0 : (double) usedBytes / totalBytes;
    }

    public long availableBytes() {
        return Math.max(0, totalBytes - usedBytes);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d MiB of %d MiB used (%.0f%%), %d MiB available", usedBytes >> 20,
                totalBytes >> 20, usedFraction() * 100, availableBytes() >> 20);
    }
}

package io.labcheck.ssh;

import java.time.Duration;
import java.util.Objects;

/** A point in time that several waits share, so that together they stay within one timeout. */
final class Deadline {
    private final Duration total;
    private final long endNanos;

    private Deadline(Duration total) {
        this.total = total;
        this.endNanos = System.nanoTime() + total.toNanos();
    }

    static Deadline after(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout is negative: " + timeout);
        }
        return new Deadline(timeout);
    }

    /** What is left, never negative. */
    Duration remaining() {
        return Duration.ofNanos(Math.max(0, endNanos - System.nanoTime()));
    }

    /** What is left but at least one millisecond, for APIs that refuse zero. */
    Duration remainingAtLeastOneMilli() {
        Duration left = remaining();
        return left.toMillis() < 1 ? Duration.ofMillis(1) : left;
    }

    boolean expired() {
        return System.nanoTime() - endNanos >= 0;
    }

    Duration total() {
        return total;
    }
}

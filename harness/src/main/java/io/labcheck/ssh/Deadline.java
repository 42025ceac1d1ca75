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

    /**
     * What is left, in whole milliseconds rounded up, plus one, and at least one: for MINA's waits, which count in
     * milliseconds of the wall clock. Truncated, its wait ended up to a millisecond before this deadline, so a
     * transfer bounded at 20 ms failed with MINA's "within specified timeout: 19 msec" while the deadline had not
     * expired, and was reported as a failure rather than as the timeout it was.
     */
    Duration remainingAtLeastOneMilli() {
        long nanos = remaining().toNanos();
        return Duration.ofMillis(Math.max(1, (nanos + 999_999) / 1_000_000 + 1));
    }

    boolean expired() {
        return System.nanoTime() - endNanos >= 0;
    }

    Duration total() {
        return total;
    }
}

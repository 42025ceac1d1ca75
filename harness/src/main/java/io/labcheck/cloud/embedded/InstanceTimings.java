package io.labcheck.cloud.embedded;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the embedded cloud's instances stay in their transitional states. {@link #instant()} (the
 * default) keeps tests fast; {@link #realistic()} is close to what EC2 shows for a small Linux instance
 * and exercises the caller's waiting code.
 */
public record InstanceTimings(Duration pending, Duration stopping, Duration shuttingDown) {

    public InstanceTimings {
        Objects.requireNonNull(pending, "pending");
        Objects.requireNonNull(stopping, "stopping");
        Objects.requireNonNull(shuttingDown, "shuttingDown");
        if (pending.isNegative() || stopping.isNegative() || shuttingDown.isNegative()) {
            throw new IllegalArgumentException("instance timings cannot be negative: " + pending + ", " + stopping
                    + ", " + shuttingDown);
        }
    }

    /** Transitions complete on the next call after the one that started them. */
    public static InstanceTimings instant() {
        return new InstanceTimings(Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }

    /** About what a t2.micro takes on EC2: 10 s to boot, 15 s to stop, 10 s to terminate. */
    public static InstanceTimings realistic() {
        return new InstanceTimings(Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofSeconds(10));
    }

    public static InstanceTimings of(Duration each) {
        return new InstanceTimings(each, each, each);
    }
}

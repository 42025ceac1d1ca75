package io.labcheck.junit;

import io.labcheck.cloud.embedded.InstanceTimings;

/** Presets for the embedded cloud's instance transitions. */
public enum Timings {
    /** Transitions complete by the next call: fast tests. */
    INSTANT(InstanceTimings.instant()),
    /** About EC2's own durations (10 s boot, 15 s stop): exercises waiting code. */
    REALISTIC(InstanceTimings.realistic());

    private final InstanceTimings value;

    Timings(InstanceTimings value) {
        this.value = value;
    }

    public InstanceTimings value() {
        return value;
    }
}

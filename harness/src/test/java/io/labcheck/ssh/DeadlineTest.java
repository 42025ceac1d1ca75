package io.labcheck.ssh;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A bound handed to MINA, which waits in whole milliseconds, never ends before the deadline it stands for. */
class DeadlineTest {

    @Test
    void minasWaitIsNeverShorterThanWhatIsLeft() {
        for (long nanos : new long[] {1, 500_000, 1_000_000, 19_400_000, 19_999_999, 20_000_000, 3_000_000_001L}) {
            Deadline deadline = Deadline.after(Duration.ofNanos(nanos));
            Duration forMina = deadline.remainingAtLeastOneMilli();
            Duration left = deadline.remaining();
            assertThat(forMina).as("for %d ns", nanos).isGreaterThan(left).isGreaterThanOrEqualTo(Duration.ofMillis(1));
            assertThat(forMina.toNanos() % 1_000_000).as("whole milliseconds, as MINA counts").isZero();
        }
    }

    @Test
    void anExpiredDeadlineStillGivesMinaOneMillisecondAndAFewMore() {
        Deadline gone = Deadline.after(Duration.ofNanos(1));
        while (!gone.expired()) {
            Thread.onSpinWait();
        }
        assertThat(gone.remaining()).isZero();
        assertThat(gone.remainingAtLeastOneMilli()).isBetween(Duration.ofMillis(1), Duration.ofMillis(2));
    }
}

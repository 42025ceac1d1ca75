package io.labcheck.net;

import static io.labcheck.net.NetFixtures.connect;
import static org.assertj.core.api.Assertions.assertThat;

import io.labcheck.net.NetFixtures.Outcome;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The kernel facts the DROP imitation rests on, checked on the machine that runs the tests. */
@Timeout(30)
class DropTrapTest {
    private static final Logger log = LoggerFactory.getLogger(DropTrapTest.class);

    @Test
    void aFullAcceptQueueMakesLinuxDropSynsSoConnectsTimeOut() throws Exception {
        InetAddress at = NetFixtures.randomPublicAddress();
        int port = NetFixtures.freePort();
        try (DropTrap trap = DropTrap.open(new InetSocketAddress(at, port), Duration.ofMillis(150))) {
            log.info("DROP fill on {}: {} dummies in {} ms (backlog {})", at.getHostAddress(), trap.dummies(),
                    trap.fillTime().toMillis(), DropTrap.BACKLOG);
            // Linux queues backlog + 1 before it drops (sk_acceptq_is_full is ack_backlog > max_ack_backlog)
            assertThat(trap.dummies()).isEqualTo(DropTrap.BACKLOG + 1);
            assertThat(trap.fillTime()).isBetween(Duration.ofMillis(140), Duration.ofMillis(1000));
            for (int i = 0; i < 3; i++) {
                assertThat(connect(at, port, Duration.ofMillis(300))).isEqualTo(Outcome.TIMEOUT);
            }
        }
    }

    @Test
    void closingTheTrapFreesThePortAtOnce() throws Exception {
        InetAddress at = NetFixtures.randomPublicAddress();
        int port = NetFixtures.freePort();
        DropTrap.open(new InetSocketAddress(at, port), Duration.ofMillis(150)).close();
        assertThat(connect(at, port, Duration.ofMillis(300))).isEqualTo(Outcome.REFUSED);
        try (ServerSocket again = new ServerSocket(port, 50, at)) {
            assertThat(again.isBound()).isTrue();
        }
    }
}

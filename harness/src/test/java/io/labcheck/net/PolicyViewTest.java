package io.labcheck.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The mode decision as a table: the cloud's answer first, the instance's only when the cloud lets traffic in. */
class PolicyViewTest {
    private static final Optional<InetSocketAddress> BACKEND = Optional.of(new InetSocketAddress("127.0.0.2", 8000));

    @Test
    void aReachablePortFollowsWhatTheBackendAnswers() {
        PolicyView open = new PolicyView(true, true, BACKEND);
        assertThat(open.decide(b -> Liveness.ACCEPTS)).isEqualTo(PortMode.FORWARD);
        assertThat(open.decide(b -> Liveness.REFUSES)).isEqualTo(PortMode.REFUSE);
        assertThat(open.decide(b -> Liveness.SILENT)).isEqualTo(PortMode.DROP);
    }

    @Test
    void noRuleAStoppedInstanceOrAnUnknownAddressDropWithoutTouchingTheBackend() {
        AtomicInteger probes = new AtomicInteger();
        for (PolicyView closed : new PolicyView[] {
                new PolicyView(true, false, BACKEND),
                new PolicyView(false, true, BACKEND),
                new PolicyView(true, true, Optional.empty())}) {
            assertThat(closed.decide(b -> {
                probes.incrementAndGet();
                return Liveness.ACCEPTS;
            })).as("%s", closed).isEqualTo(PortMode.DROP);
        }
        assertThat(probes).hasValue(0);
    }

    @Test
    void aStoppedInstanceIsNotAskedAboutRulesOrAddresses() {
        FakeInstance stopped = new FakeInstance().allow(22);
        stopped.running = false;
        assertThat(PolicyView.read(stopped, 22, NetFixtures.ip("127.0.0.1")))
                .isEqualTo(new PolicyView(false, false, Optional.empty()));
        assertThat(stopped.askedAbout).isEmpty();
    }
}

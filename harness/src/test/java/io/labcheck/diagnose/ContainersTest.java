package io.labcheck.diagnose;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reading what the Docker engine says of a server's containers: which are down by failing (not by a stop), and a
 * restart loop caught between two looks, when one look alone would see it "Up".
 */
class ContainersTest {
    private static final String NOW = "now=1790000000";

    private static Containers.Listing read(String... lines) {
        return Containers.read(NOW + "\n" + String.join("\n", lines));
    }

    @Test
    void aServerWithoutDockerOrWithoutAccessSaysSo() {
        assertThat(Containers.read(Containers.NO_DOCKER + "\n").docker()).isFalse();
        Containers.Listing refused = Containers.read(Containers.NO_ACCESS + "\npermission denied while trying to connect"
                + " to the Docker daemon socket");
        assertThat(refused.docker()).isTrue();
        assertThat(refused.refused()).startsWith("permission denied");
        assertThat(Containers.read(NOW + "\n").containers()).isEmpty();
    }

    @Test
    void whatIsFailingAndWhatWasStopped() {
        Containers.Listing l = read(
                "/web|running|0|false|unless-stopped|0|2026-11-27T01:00:00.123456789Z|kaira-server",
                "/stopped|exited|0|false|no|0|2026-11-27T01:00:00Z|kaira-server",
                "/killed-by-stop|exited|137|false|no|0|2026-11-27T01:00:00Z|kaira-server",
                "/oom|exited|137|true|no|0|2026-11-27T01:00:00Z|hog",
                "/bad|exited|1|false|no|0|2026-11-27T01:00:00Z|kaira-server",
                "/loop|restarting|1|false|unless-stopped|4|2026-11-27T01:00:00Z|kaira-server",
                "/never|created|127|false|no|0|0001-01-01T00:00:00Z|kaira-server");
        assertThat(l.containers()).extracting(Containers.Container::name).containsExactly("web", "stopped",
                "killed-by-stop", "oom", "bad", "loop", "never");
        assertThat(l.containers()).filteredOn(Containers.Container::failing).extracting(Containers.Container::name)
                .containsExactly("oom", "bad", "loop", "never");
        assertThat(l.firstFailing().orElseThrow().name()).isEqualTo("oom");
        assertThat(l.containers().get(6).startedAt()).as("never started").isNull();
        assertThat(l.containers().get(0).restartPolicy()).isEqualTo("unless-stopped");
        assertThat(l.containers().get(1).restartPolicy()).as("'no' is no policy").isEmpty();
        assertThat(l.containers().get(5).restartedByDocker()).isTrue();
        assertThat(l.containers().get(4).restartedByDocker()).isFalse();
    }

    @Test
    void aRestartLoopSeenUpIsLookedAtAgainAndCaughtBetweenTheLooks() {
        Instant now = Instant.ofEpochSecond(1790000000);
        String moments = now.minusSeconds(1).toString();
        String longAgo = now.minusSeconds(600).toString();
        Containers.Listing first = read("/loop|running|0|false|unless-stopped|3|" + moments + "|kaira-server",
                "/steady|running|0|false|unless-stopped|1|" + longAgo + "|kaira-server");
        assertThat(first.firstFailing()).isEmpty();
        assertThat(first.anyJustRestarted()).as("up a second after its third restart").isTrue();
        assertThat(read("/steady|running|0|false|unless-stopped|1|" + longAgo + "|kaira-server").anyJustRestarted())
                .as("restarted once, ten minutes ago").isFalse();

        // the second look finds it up again, one restart later: it exited in between
        Containers.Listing again = first.then(read("/loop|running|0|false|unless-stopped|4|" + moments + "|kaira-server",
                "/steady|running|0|false|unless-stopped|1|" + longAgo + "|kaira-server"));
        assertThat(again.firstFailing().orElseThrow().name()).isEqualTo("loop");
        assertThat(again.firstFailing().orElseThrow().state()).isEqualTo("restarting");
        // one look saw it failing, the next up: failing it stays
        Containers.Listing seen = read("/loop|restarting|1|false|unless-stopped|4|" + moments + "|kaira-server")
                .then(read("/loop|running|0|false|unless-stopped|4|" + moments + "|kaira-server"));
        assertThat(seen.firstFailing().orElseThrow().exitCode()).isEqualTo(1);
        // up in both looks, the same count: up
        assertThat(first.then(first).firstFailing()).isEmpty();
    }

    @Test
    void aLineThatIsNoContainersIsAnErrorNotSilence() {
        assertThatThrownBy(() -> read("Error: No such object: web")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a container's");
        assertThatThrownBy(() -> Containers.read("web|running")).hasMessageContaining("server's clock");
    }
}

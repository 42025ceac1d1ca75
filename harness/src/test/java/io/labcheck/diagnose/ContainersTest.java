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

    private static Containers.Container container(String state, int exit, boolean oom, String policy, int restarts,
                                                  Instant started) {
        return new Containers.Container("web", state, exit, oom, policy, restarts, started, "kaira-server");
    }

    @Test
    void eachWayDockerStopEndsAContainerIsNoFailureAndEachRestartingPolicyRestarts() {
        for (int signal : new int[] {130, 137, 143}) {
            assertThat(container("exited", signal, false, "", 0, null).failing()).as("exit %d by a stop", signal).isFalse();
            assertThat(container("exited", signal, true, "", 0, null).failing()).as("exit %d by the OOM killer", signal).isTrue();
        }
        assertThat(container("exited", 1, false, "", 0, null).failing()).isTrue();
        assertThat(container("created", 0, false, "", 0, null).failing()).as("created, never failed").isFalse();
        assertThat(container("paused", 1, false, "", 0, null).failing()).isFalse();
        for (String policy : List.of("always", "unless-stopped", "on-failure", "on-failure:3")) {
            assertThat(container("exited", 1, false, policy, 0, null).restartedByDocker()).as(policy).isTrue();
        }
        assertThat(container("exited", 1, false, "", 0, null).restartedByDocker()).isFalse();
        assertThat(container("exited", 137, true, "", 2, null)).hasToString("web exited (exit 137, OOM-killed), restart"
                + " policy no, restarted 2 times, image kaira-server");
        assertThat(container("running", 0, false, "always", 0, null)).hasToString("web running (exit 0), restart policy"
                + " always, restarted 0 times, image kaira-server");
    }

    @Test
    void onlyARestartedRunningContainerUpMomentsAgoIsLookedAtAgain() {
        Instant now = Instant.ofEpochSecond(1790000000);
        assertThat(container("running", 0, false, "always", 0, now.minusSeconds(1)).justRestarted(now))
                .as("never restarted").isFalse();
        assertThat(container("running", 0, false, "always", 1, now.minusSeconds(1)).justRestarted(now)).isTrue();
        assertThat(container("running", 0, false, "always", 1, now.minus(Containers.JUST_RESTARTED).plusSeconds(1))
                .justRestarted(now)).isTrue();
        assertThat(container("running", 0, false, "always", 1, now.minus(Containers.JUST_RESTARTED).minusSeconds(1))
                .justRestarted(now)).isFalse();
        assertThat(container("restarting", 1, false, "always", 1, now.minusSeconds(1)).justRestarted(now))
                .as("seen failing already").isFalse();
        assertThat(container("running", 0, false, "always", 1, null).justRestarted(now)).isFalse();
    }

    @Test
    void aLaterLookIsMatchedByNameAndKeepsWhatItSays() {
        String t = Instant.ofEpochSecond(1790000000 - 600).toString();
        Containers.Listing first = read("/a|running|0|false|always|1|" + t + "|x", "/b|running|0|false|always|1|" + t + "|x");
        Containers.Listing later = first.then(read("/a|running|0|false|always|1|" + t + "|x",
                "/b|running|0|false|always|2|" + t + "|x"));
        assertThat(later.containers()).extracting(Containers.Container::name, Containers.Container::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", "running"),
                        org.assertj.core.groups.Tuple.tuple("b", "restarting"));
        assertThat(later.now()).isEqualTo(Instant.ofEpochSecond(1790000000));
    }

    @Test
    void whatTheEnginePrintsIsReadStrictly() {
        assertThat(Containers.read(Containers.NO_ACCESS).refused()).isEqualTo("docker ps failed");
        assertThat(read("", "/a|running|0|false|no|0|2026-11-27T01:00:00Z|x", "  ").containers()).hasSize(1);
        assertThatThrownBy(() -> Containers.read("")).hasMessageContaining("nothing");
        assertThatThrownBy(() -> read("/a|running|x|false|no|0|2026-11-27T01:00:00Z|x")).hasMessageContaining("not a container's");
        assertThatThrownBy(() -> read("/a|running|0|false|no|-|2026-11-27T01:00:00Z|x")).hasMessageContaining("not a container's");
        assertThatThrownBy(() -> read("/a|running|0|false|no|0|x")).hasMessageContaining("not a container's");
        assertThat(read("/a|running|0|false|no|0|1970-01-01T00:00:01Z|x").containers().get(0).startedAt())
                .isEqualTo(Instant.ofEpochSecond(1));
        assertThat(read("/a|running|0|false|no|0|not-a-time|x").containers().get(0).startedAt()).isNull();
    }
}

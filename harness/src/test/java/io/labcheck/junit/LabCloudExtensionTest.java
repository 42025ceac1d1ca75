package io.labcheck.junit;

import io.labcheck.cloud.Cloud;
import io.labcheck.cloud.embedded.ApiChaos;
import io.labcheck.cloud.embedded.ApiFault;
import io.labcheck.cloud.embedded.EmbeddedCloud;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import software.amazon.awssdk.services.ec2.Ec2Client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** Runs small test classes through the JUnit engine and checks what the extension did to them. */
class LabCloudExtensionTest {
    static final List<Cloud> SEEN = new CopyOnWriteArrayList<>();
    static final int BUSY_PORT = 47_123;

    private static EngineExecutionResults run(Class<?>... classes) {
        SEEN.clear();
        var request = EngineTestKit.engine("junit-jupiter");
        for (Class<?> c : classes) {
            request = request.selectors(selectClass(c));
        }
        return request.execute();
    }

    // ---- fixtures: only run through the engine above --------------------------------------------

    @LabCloud
    static class InjectsEverything {
        @Test
        void parameters(Cloud cloud, Ec2Client ec2, EmbeddedCloud embedded, ApiChaos chaos) {
            SEEN.add(cloud);
            assertThat(ec2).isSameAs(cloud.ec2());
            assertThat(embedded).isSameAs(cloud);
            assertThat(chaos).isSameAs(embedded.api());
            ec2.describeRegions();
        }
    }

    @LabCloud(provider = "nimbus")
    static class UnknownProvider {
        @Test
        void never() {}
    }

    @LabCloud(provider = "aws")
    static class NotOptedIn {
        @Test
        void never() {}
    }

    @LabCloud(scope = CloudScope.SUITE, region = "us-west-2")
    static class SuiteA {
        @Test
        void record(Cloud cloud) {
            SEEN.add(cloud);
        }
    }

    @LabCloud(scope = CloudScope.SUITE, region = "us-west-2")
    static class SuiteB {
        @Test
        void record(Cloud cloud) {
            SEEN.add(cloud);
        }
    }

    @LabCloud(region = "us-west-2")
    static class ClassScoped {
        @Test
        void record(Cloud cloud) {
            SEEN.add(cloud);
        }
    }

    @LabCloud
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class ChaosDoesNotLeak {
        @Test
        @Order(1)
        void breaksTheEndpoint(ApiChaos chaos) {
            chaos.everyAction().fail(ApiFault.INTERNAL_ERROR);
        }

        @Test
        @Order(2)
        void nextTestFindsItHealthy(Ec2Client ec2) {
            ec2.describeRegions();
        }
    }

    @LabCloud(port = BUSY_PORT)
    static class BusyPort {
        @Test
        void never() {}
    }

    // ---- the tests ------------------------------------------------------------------------------

    @Test
    void injectsTheCloudAndClosesItAfterTheClass() {
        run(InjectsEverything.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        Cloud cloud = SEEN.get(0);
        IllegalStateException closed = assertThrows(IllegalStateException.class, cloud::ec2);
        assertThat(closed.getMessage()).contains("closed");
    }

    @Test
    void anUnknownProviderFailsTheClassNamingTheValidOnes() {
        Throwable failure = containerFailure(run(UnknownProvider.class));
        // JUnit wraps what a condition throws; ours is the cause and carries the message.
        Throwable cause = failure instanceof ExtensionConfigurationException ? failure : failure.getCause();
        assertThat(cause).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("nimbus").hasMessageContaining("embedded, localstack, aws");
    }

    @Test
    void anUnavailableProviderSkipsTheClassWithTheReason() {
        assumeTrue(System.getenv("LABCHECK_AWS") == null && System.getProperty("labcheck.aws") == null,
                "this machine opted in to AWS");
        EngineExecutionResults results = run(NotOptedIn.class);
        Event skipped = results.containerEvents().skipped().list().get(0);
        assertThat(skipped.getPayload(String.class).orElse("")).contains("aws").contains("opt-in")
                .contains("LABCHECK_AWS=yes");
        results.testEvents().assertStatistics(s -> s.started(0));
    }

    @Test
    void suiteScopeSharesOneCloudAcrossClassesAndClassScopeDoesNot() {
        run(SuiteA.class, SuiteB.class, ClassScoped.class).testEvents().assertStatistics(s -> s.succeeded(3));
        URI a = SEEN.get(0).endpoint().orElseThrow();
        assertThat(SEEN).hasSize(3);
        assertThat(SEEN.get(1)).isSameAs(SEEN.get(0));
        assertThat(SEEN.get(2)).isNotSameAs(SEEN.get(0));
        assertEquals("us-west-2", SEEN.get(0).region());
        assertThat(a.getHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void apiChaosIsResetAfterEachTest() {
        run(ChaosDoesNotLeak.class).testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
    }

    @Test
    void aCloudThatCannotStartFailsTheClassWithTheFix() throws IOException {
        ServerSocket taken;
        try {
            taken = new ServerSocket(BUSY_PORT, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            assumeTrue(false, "port " + BUSY_PORT + " is in use by something else here");
            return;
        }
        try (taken) {
            Throwable cause = containerFailure(run(BusyPort.class));
            assertThat(cause).isInstanceOf(ExtensionConfigurationException.class)
                    .hasMessageContaining("embedded cloud did not start")
                    .hasMessageContaining(String.valueOf(BUSY_PORT))
                    .hasMessageContaining("in use");
        }
    }

    private static Throwable containerFailure(EngineExecutionResults results) {
        List<Event> failed = results.containerEvents().failed().list();
        assertThat(failed).as("a failed container").isNotEmpty();
        return failed.get(0).getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow();
    }
}

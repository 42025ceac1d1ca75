package io.labcheck.cloud.embedded;

import io.labcheck.cloud.CloudJanitor;
import io.labcheck.cloud.CloudSettings;
import io.labcheck.cloud.CloudStartException;
import io.labcheck.cloud.RunTagging;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.KeyPairInfo;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What only the embedded cloud offers: timings, HTTP chaos, its lifecycle, and the janitor's boundary. */
class EmbeddedCloudTest {

    private static EmbeddedCloud start(InstanceTimings timings) {
        return EmbeddedCloud.start(CloudSettings.defaults().withTimings(timings));
    }

    private static String runT2Micro(Ec2Client ec2) {
        return ec2.runInstances(r -> r.imageId("ami-0c9c942bd7bf113a2").instanceType("t2.micro").minCount(1).maxCount(1))
                .instances().get(0).instanceId();
    }

    private static InstanceStateName state(Ec2Client ec2, String id) {
        return ec2.describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0).state().name();
    }

    @Test
    void endpointListensOnLoopbackOnly() {
        try (EmbeddedCloud cloud = start(InstanceTimings.instant())) {
            assertEquals("127.0.0.1", cloud.endpoint().orElseThrow().getHost());
            assertThat(cloud.ec2().describeRegions().regions()).isNotEmpty();
        }
    }

    @Test
    void realisticTimingsKeepAnInstancePendingUntilItBoots() {
        InstanceTimings timings = new InstanceTimings(Duration.ofMillis(1500), Duration.ofMillis(1500), Duration.ofMillis(500));
        try (EmbeddedCloud cloud = start(timings)) {
            Ec2Client ec2 = cloud.ec2();
            String id = runT2Micro(ec2);
            assertEquals(InstanceStateName.PENDING, state(ec2, id), "just launched");
            await("instance to boot").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> state(ec2, id) == InstanceStateName.RUNNING);

            ec2.stopInstances(r -> r.instanceIds(id));
            assertEquals(InstanceStateName.STOPPING, state(ec2, id));
            // The SDK's own waiter is another client of the state machine: it must see the same thing.
            ec2.waiter().waitUntilInstanceStopped(r -> r.instanceIds(id),
                    w -> w.maxAttempts(40).backoffStrategyV2(software.amazon.awssdk.retries.api.BackoffStrategy
                            .fixedDelay(Duration.ofMillis(250))));
            assertEquals(InstanceStateName.STOPPED, state(ec2, id));
        }
    }

    @Test
    void stoppingAPendingInstanceIsAnIncorrectState() {
        try (EmbeddedCloud cloud = start(InstanceTimings.of(Duration.ofSeconds(30)))) {
            Ec2Client ec2 = cloud.ec2();
            String id = runT2Micro(ec2);
            Ec2Exception e = assertThrows(Ec2Exception.class, () -> ec2.stopInstances(r -> r.instanceIds(id)));
            assertEquals("IncorrectInstanceState", e.awsErrorDetails().errorCode(), "a pending instance cannot stop");
        }
    }

    @Test
    void throttlingIsRetriedByTheSdkAndVisibleInTheJournal() {
        try (EmbeddedCloud cloud = start(InstanceTimings.instant())) {
            cloud.api().action("DescribeRegions").times(2).fail(ApiFault.THROTTLING);
            assertThat(cloud.ec2().describeRegions().regions()).isNotEmpty();
            assertEquals(3, cloud.api().calls("DescribeRegions"), "two throttled attempts, then the answer");
        }
    }

    @Test
    void throttlingWithoutRetriesSurfacesEc2sErrorCode() {
        try (EmbeddedCloud cloud = start(InstanceTimings.instant());
             Ec2Client noRetry = cloud.newClient(ClientOverrideConfiguration.builder()
                     .retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1)).build())) {
            cloud.api().action("RunInstances").fail(ApiFault.THROTTLING);
            Ec2Exception e = assertThrows(Ec2Exception.class, () -> runT2Micro(noRetry));
            assertEquals("RequestLimitExceeded", e.awsErrorDetails().errorCode());
            assertEquals(503, e.statusCode());
            assertTrue(e.isThrottlingException(), "the SDK classifies it as throttling");

            cloud.api().reset();
            assertThat(runT2Micro(noRetry)).startsWith("i-");
        }
    }

    @Test
    void serverErrorsAndBrokenConnectionsReachTheCaller() {
        try (EmbeddedCloud cloud = start(InstanceTimings.instant());
             Ec2Client noRetry = cloud.newClient(ClientOverrideConfiguration.builder()
                     .retryStrategy(b -> b.maxAttempts(1)).build())) {
            cloud.api().action("DescribeInstances").fail(ApiFault.INTERNAL_ERROR);
            Ec2Exception e = assertThrows(Ec2Exception.class, noRetry::describeInstances);
            assertEquals("InternalError", e.awsErrorDetails().errorCode());
            assertEquals(500, e.statusCode());

            cloud.api().everyAction().fail(ApiFault.CONNECTION_RESET);
            assertThrows(SdkClientException.class, noRetry::describeRegions);
        }
    }

    @Test
    void latencyDelaysARealAnswer() {
        try (EmbeddedCloud cloud = start(InstanceTimings.instant())) {
            cloud.ec2().describeRegions(); // warm the connection
            cloud.api().action("DescribeAvailabilityZones").delay(Duration.ofMillis(400));
            long t0 = System.nanoTime();
            var zones = cloud.ec2().describeAvailabilityZones().availabilityZones();
            long tookMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(zones).isNotEmpty();
            assertThat(tookMs).as("the answer came after the injected delay").isGreaterThanOrEqualTo(400);
        }
    }

    @Test
    void unknownActionsAreNamedWhenChaosIsConfigured() {
        try (EmbeddedCloud cloud = start(InstanceTimings.instant())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> cloud.api().action("RunInstance"));
            assertThat(e.getMessage()).contains("RunInstance").contains("RunInstances");
        }
    }

    @Test
    void dryRunAnswersDryRunOperation() {
        try (EmbeddedCloud cloud = start(InstanceTimings.instant())) {
            Ec2Exception e = assertThrows(Ec2Exception.class, () -> cloud.ec2().runInstances(r -> r
                    .imageId("ami-0c9c942bd7bf113a2").instanceType("t2.micro").minCount(1).maxCount(1).dryRun(true)));
            assertEquals("DryRunOperation", e.awsErrorDetails().errorCode());
            assertEquals(412, e.statusCode());
            assertThat(cloud.ec2().describeInstances().reservations()).isEmpty();
        }
    }

    @Test
    void aBusyPortFailsWithTheFixAndLeavesNothingRunning() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            long serverThreadsBefore = jettyThreads();
            CloudStartException e = assertThrows(CloudStartException.class,
                    () -> EmbeddedCloud.start(CloudSettings.defaults().withPort(port)));
            assertThat(e.getMessage()).contains(String.valueOf(port)).contains("in use").contains("0 for any free one");
            await("the failed start's threads to end").atMost(Duration.ofSeconds(5))
                    .until(() -> jettyThreads() <= serverThreadsBefore);
        }
    }

    private static long jettyThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("qtp")).count();
    }

    @Test
    void closeIsIdempotentAndStopsTheEndpoint() {
        EmbeddedCloud cloud = start(InstanceTimings.instant());
        cloud.close();
        cloud.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, cloud::ec2);
        assertThat(e.getMessage()).contains("closed");
    }

    @Test
    void theJanitorRemovesThisRunsResourcesAndNothingElse() {
        try (EmbeddedCloud cloud = start(InstanceTimings.of(Duration.ofMillis(200)));
             Ec2Client someoneElse = cloud.newClient(ClientOverrideConfiguration.builder().build())) {
            Ec2Client ours = cloud.ec2();
            ours.createKeyPair(r -> r.keyName("ours"));
            String ourGroup = ours.createSecurityGroup(r -> r.groupName("ours").description("ours")).groupId();
            String ourInstance = ours.runInstances(r -> r.imageId("ami-0c9c942bd7bf113a2").minCount(1).maxCount(1)
                    .securityGroupIds(ourGroup)).instances().get(0).instanceId();
            String ourEip = ours.allocateAddress(r -> r.domain("vpc")).allocationId();
            await().atMost(Duration.ofSeconds(5)).until(() -> state(ours, ourInstance) == InstanceStateName.RUNNING);
            ours.associateAddress(r -> r.allocationId(ourEip).instanceId(ourInstance));

            someoneElse.createKeyPair(r -> r.keyName("theirs"));
            String theirGroup = someoneElse.createSecurityGroup(r -> r.groupName("theirs").description("theirs")).groupId();
            String theirInstance = runT2Micro(someoneElse);
            String theirEip = someoneElse.allocateAddress(r -> r.domain("vpc")).allocationId();

            CloudJanitor.Report report = new CloudJanitor(ours, cloud.tagging(), Duration.ofSeconds(20),
                    Duration.ofMillis(100)).sweep();

            assertTrue(report.clean(), "nothing left behind: " + report.failed());
            assertThat(report.removed()).containsExactlyInAnyOrder("instance " + ourInstance,
                    "elastic-ip " + ourEip, "security-group " + ourGroup, "key-pair ours");
            assertEquals(InstanceStateName.TERMINATED, state(ours, ourInstance));
            assertEquals(InstanceStateName.RUNNING, state(ours, theirInstance), "another run's instance is untouched");
            assertThat(ours.describeKeyPairs().keyPairs()).extracting(KeyPairInfo::keyName).containsExactly("theirs");
            assertThat(ours.describeSecurityGroups().securityGroups()).extracting(SecurityGroup::groupId)
                    .contains(theirGroup).doesNotContain(ourGroup);
            assertThat(ours.describeAddresses().addresses()).extracting(a -> a.allocationId()).containsExactly(theirEip);
            assertThat(ours.describeInstances(r -> r.filters(Filter.builder().name("tag:" + RunTagging.RUN_ID_TAG)
                    .values(cloud.runId()).build())).reservations()).flatMap(r -> r.instances())
                    .allMatch(i -> i.state().name() == InstanceStateName.TERMINATED);
        }
    }

    @Test
    void regionsKeepTheirOwnResources() {
        try (EmbeddedCloud cloud = start(InstanceTimings.instant());
             Ec2Client tokyo = Ec2Client.builder().endpointOverride(cloud.endpoint().orElseThrow())
                     .region(software.amazon.awssdk.regions.Region.AP_NORTHEAST_1)
                     .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                             software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
                     .build()) {
            cloud.ec2().createKeyPair(r -> r.keyName("seoul-only"));
            List<String> zones = tokyo.describeAvailabilityZones().availabilityZones().stream()
                    .map(z -> z.zoneName()).toList();
            assertThat(zones).isNotEmpty().allMatch(z -> z.startsWith("ap-northeast-1"));
            assertThat(tokyo.describeKeyPairs().keyPairs()).isEmpty();
            assertThat(cloud.ec2().describeKeyPairs().keyPairs()).extracting(KeyPairInfo::keyName).contains("seoul-only");
        }
    }

    @Test
    void unsignedRequestsAreRefusedAsOnAws() {
        try (EmbeddedCloud cloud = start(InstanceTimings.instant());
             Ec2Client anonymous = Ec2Client.builder().endpointOverride(cloud.endpoint().orElseThrow())
                     .region(software.amazon.awssdk.regions.Region.AP_NORTHEAST_2)
                     .credentialsProvider(software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider.create())
                     .build()) {
            Ec2Exception e = assertThrows(Ec2Exception.class, anonymous::describeRegions);
            assertEquals("AuthFailure", e.awsErrorDetails().errorCode());
            assertEquals(401, e.statusCode());
        }
    }
}

package io.labcheck.cloud.embedded;

import io.labcheck.cloud.CloudSettings;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.RepeatedTest;

import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The data plane hears of a change before any client can read it: the Describe call that first shows an instance
 * stopped answers only after the change listeners (the public network's gateways) have run for it. Before this held,
 * a Describe that completed the stop itself told no one, and the stopped instance's address still refused
 * connections instead of dropping them.
 */
class ChangeNotificationTest {

    @RepeatedTest(5)
    void theListenersHearOfAStopBeforeTheCallThatShowsIt() {
        try (EmbeddedCloud cloud = EmbeddedCloud.start(CloudSettings.defaults()
                .withTimings(InstanceTimings.of(Duration.ofMillis(120))))) {
            Ec2Client ec2 = cloud.ec2();
            Set<String> heard = ConcurrentHashMap.newKeySet();
            cloud.onChange(() -> cloud.instances().forEach(i -> heard.add(i.instanceId() + " " + i.state())));
            String id = ec2.runInstances(r -> r.imageId(cloud.ubuntu2204ImageId()).instanceType("t2.micro")
                    .minCount(1).maxCount(1)).instances().get(0).instanceId();
            await(ec2, id, InstanceStateName.RUNNING);
            assertThat(heard).contains(id + " running");

            ec2.stopInstances(r -> r.instanceIds(id));
            await(ec2, id, InstanceStateName.STOPPED);
            assertThat(heard).as("heard by the time a client reads it").contains(id + " stopped");
        }
    }

    /** Polls as fast as a client can, so that its own Describe is what completes the transition. */
    private static void await(Ec2Client ec2, String id, InstanceStateName state) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ec2.describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0).state().name()
                != state) {
            assertThat(System.nanoTime()).as(id + " to be " + state + " within 10 s").isLessThan(deadline);
        }
    }
}

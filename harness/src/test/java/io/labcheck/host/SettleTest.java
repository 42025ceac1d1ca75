package io.labcheck.host;

import io.labcheck.cloud.Cloud;
import io.labcheck.cloud.CloudSettings;
import io.labcheck.cloud.HostKind;
import io.labcheck.net.GatewayOptions;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A client that connects from outside right after an app began to listen finds it once the cloud has settled, as on
 * a real network, however far behind the public address's own poll is: a run's curl straight after
 * {@code systemctl enable --now} was refused when it came between the app's listen and the gateway's next look.
 */
class SettleTest {

    @BeforeAll
    static void needsDocker() {
        DockerRequirement.require();
    }

    @Test
    void anAppThatJustBeganToListenIsReachableOnceTheCloudSettles() throws Exception {
        // The gateways never poll: only settle() (or a change in the API) tells them the app came up.
        GatewayOptions noPoll = GatewayOptions.defaults().withPollInterval(Duration.ZERO);
        try (Cloud cloud = Datacenter.start(CloudSettings.defaults().withHosts(HostKind.CONTAINER)
                .withRunId("settle-" + System.nanoTime()), noPoll)) {
            Ec2Client ec2 = cloud.ec2();
            String group = ec2.createSecurityGroup(r -> r.groupName("web").description("test")).groupId();
            ec2.authorizeSecurityGroupIngress(r -> r.groupId(group).ipPermissions(IpPermission.builder()
                    .ipProtocol("tcp").fromPort(8000).toPort(8000)
                    .ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build()).build()));
            String id = ec2.runInstances(r -> r.imageId(cloud.ubuntu2204ImageId()).instanceType("t2.micro")
                    .securityGroupIds(group).minCount(1).maxCount(1)).instances().get(0).instanceId();
            await(id + " to be running").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                    .until(() -> describe(ec2, id).state().name() == InstanceStateName.RUNNING);
            String ip = describe(ec2, id).publicIpAddress();
            ContainerHosts hosts = ((io.labcheck.cloud.embedded.EmbeddedCloud) cloud).attachment(ContainerHosts.class)
                    .orElseThrow();

            hosts.execAsRoot(id, Duration.ofSeconds(10), "sh", "-c", "cd /tmp && nohup python3 -m http.server 8000"
                    + " >/tmp/http.log 2>&1 </dev/null &");
            await("the app to listen inside the instance").atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(100)).until(() -> hosts.host(id).orElseThrow().listening(8000)
                            .orElse(false));

            // Not yet followed: without a poll the public port still says nothing listens.
            assertThrows(ConnectException.class, () -> connect(ip), "the gateway has not looked since boot");
            cloud.settle();
            assertDoesNotThrow(() -> connect(ip), "settled: the public address forwards to the app now listening");
        }
    }

    private static software.amazon.awssdk.services.ec2.model.Instance describe(Ec2Client ec2, String id) {
        return ec2.describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0);
    }

    private static void connect(String ip) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(ip, 8000), 2000);
        }
    }
}

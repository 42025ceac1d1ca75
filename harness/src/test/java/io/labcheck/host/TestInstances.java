package io.labcheck.host;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

import static org.awaitility.Awaitility.await;

/** What tests on a booted instance start from: a key pair saved as a 0400 .pem, an instance launched with it, running. */
public final class TestInstances {
    /** A running instance: its id, the key file that logs in, and its bridge address. */
    public record Launched(String id, Path pem, String address) {}

    /** Creates the key pair {@code keyName} (saved in {@code dir}), launches {@code type} with it and awaits it running. */
    public static Launched launch(Ec2Client ec2, ContainerHosts hosts, Path dir, String keyName, String type) throws Exception {
        Path pem = dir.resolve(keyName + ".pem");
        Files.writeString(pem, ec2.createKeyPair(r -> r.keyName(keyName)).keyMaterial() + "\n");
        Files.setPosixFilePermissions(pem, PosixFilePermissions.fromString("r--------"));
        String id = ec2.runInstances(r -> r.imageId("ami-0c9c942bd7bf113a2").instanceType(type)
                .keyName(keyName).minCount(1).maxCount(1)).instances().get(0).instanceId();
        await(id + " to be running").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .until(() -> ec2.describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0)
                        .state().name() == InstanceStateName.RUNNING);
        String address = hosts.host(id).orElseThrow().bridgeAddress().map(InetAddress::getHostAddress).orElseThrow();
        return new Launched(id, pem, address);
    }

    private TestInstances() {}
}

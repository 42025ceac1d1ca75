package io.labcheck.fault;

import io.labcheck.cloud.CloudSettings;
import io.labcheck.cloud.embedded.EmbeddedCloud;

import software.amazon.awssdk.services.ec2.Ec2Client;

/** An embedded cloud without hosts and one instance in a security group of its own: where API-only faults are tried. */
final class CloudWithInstance implements AutoCloseable {
    final EmbeddedCloud cloud;
    final Ec2Client ec2;
    final String groupId;
    final String instanceId;

    CloudWithInstance() {
        this(CloudSettings.defaults());
    }

    /** With {@code settings}' instance timings: with transitions that take time, the instance may still be pending. */
    CloudWithInstance(CloudSettings settings) {
        cloud = EmbeddedCloud.start(settings);
        ec2 = cloud.ec2();
        groupId = ec2.createSecurityGroup(r -> r.groupName("lab").description("lab")).groupId();
        instanceId = ec2.runInstances(r -> r.imageId(cloud.ubuntu2204ImageId()).instanceType("t2.micro")
                .securityGroupIds(groupId).minCount(1).maxCount(1)).instances().get(0).instanceId();
    }

    /** The instance as a lab that leaves no app deployed it. */
    Deployment withoutApp() {
        return Deployment.withoutApp(ec2, instanceId, null, "ubuntu", null);
    }

    /** The instance as a lab whose app serves on {@code port} deployed it (no hosts: only the API is reached). */
    Deployment withApp(int port) {
        return new Deployment(ec2, instanceId, null, "ubuntu", port, "", "", "", null);
    }

    @Override
    public void close() {
        cloud.close();
    }
}

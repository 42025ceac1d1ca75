package io.labcheck.cloud.embedded;

import io.labcheck.cloud.CloudSettings;

import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * For tests of what needs only the cloud's API (the diagnosis's API probes, the faults made in the API): an embedded
 * cloud without hosts and one instance in a security group of its own, with no inbound rule yet. Its address is on
 * loopback.
 */
public final class CloudWithInstance implements AutoCloseable {
    public final EmbeddedCloud cloud;
    public final Ec2Client ec2;
    public final String groupId;
    public final String instanceId;

    public CloudWithInstance() {
        this(CloudSettings.defaults());
    }

    /** With {@code settings}' instance timings: with transitions that take time, the instance may still be pending. */
    public CloudWithInstance(CloudSettings settings) {
        cloud = EmbeddedCloud.start(settings);
        ec2 = cloud.ec2();
        groupId = ec2.createSecurityGroup(r -> r.groupName("lab").description("lab")).groupId();
        instanceId = ec2.runInstances(r -> r.imageId(cloud.ubuntu2204ImageId()).instanceType("t2.micro")
                .securityGroupIds(groupId).minCount(1).maxCount(1)).instances().get(0).instanceId();
    }

    @Override
    public void close() {
        cloud.close();
    }
}

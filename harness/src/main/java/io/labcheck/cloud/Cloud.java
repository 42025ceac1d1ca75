package io.labcheck.cloud;

import java.net.URI;
import java.util.Comparator;
import java.util.Optional;

import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;

/**
 * A control plane the labs' cloud steps run against, always through the real AWS SDK v2
 * {@link Ec2Client}. Closing it removes what this run created and stops whatever it started.
 */
public interface Cloud extends AutoCloseable {

    /** Canonical's AWS account, the owner of the official Ubuntu images. */
    String CANONICAL_OWNER_ID = "099720109477";

    CloudProvider provider();

    String region();

    /** Identifies this run; every resource it creates is tagged {@value RunTagging#RUN_ID_TAG} with it. */
    String runId();

    /** A client for this cloud that tags and tracks what it creates. Owned by the cloud: do not close it. */
    Ec2Client ec2();

    /** The endpoint the SDK is pointed at, when it is not AWS's own. */
    Optional<URI> endpoint();

    /** The newest Ubuntu Server 22.04 LTS x86_64 image Canonical publishes in this region. */
    default String ubuntu2204ImageId() {
        return ec2().describeImages(r -> r.owners(CANONICAL_OWNER_ID).filters(
                        Filter.builder().name("name").values("ubuntu/images/hvm-ssd*/ubuntu-jammy-22.04-amd64-server-*").build(),
                        Filter.builder().name("architecture").values("x86_64").build(),
                        Filter.builder().name("state").values("available").build()))
                .images().stream()
                .max(Comparator.comparing(Image::creationDate))
                .map(Image::imageId)
                .orElseThrow(() -> new IllegalStateException("no Ubuntu 22.04 x86_64 image from Canonical in "
                        + region() + " on the " + provider().id() + " cloud"));
    }

    /**
     * Returns once what the instances show from outside is what they run now: nothing to do on a real cloud, where
     * a packet meets the instance as it is. A stand-in network that follows its instances by polling catches up
     * here, so a client that connects right after an app began to listen finds it, as on a real network. The run
     * calls this before each step that reaches an instance from outside.
     */
    default void settle() {}

    /** Removes this run's resources and stops what was started; safe to call twice. */
    @Override
    void close();
}

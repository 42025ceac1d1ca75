package io.labcheck.cloud.localstack;

import io.labcheck.cloud.Availability;
import io.labcheck.cloud.Cloud;
import io.labcheck.cloud.CloudProvider;
import io.labcheck.cloud.CloudSettings;
import io.labcheck.cloud.CloudStartException;
import io.labcheck.cloud.RunTagging;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * LocalStack's EC2 in a container started by Testcontainers. The image is never pulled: it must be
 * present locally, and {@link #availability(String)} says so when it is not.
 */
public final class LocalStackCloud implements Cloud {
    private final CloudSettings settings;
    private final LocalStackContainer container;
    private final RunTagging tagging;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Ec2Client client;

    private LocalStackCloud(CloudSettings settings) {
        this.settings = settings;
        this.container = new LocalStackContainer(DockerImageName.parse(settings.localStackImage())
                .asCompatibleSubstituteFor("localstack/localstack"))
                .withServices("ec2")
                .withEnv("DEFAULT_REGION", settings.region())
                .withImagePullPolicy(name -> false)
                .withLabel("org.labcheck.run-id", settings.runId())
                .withStartupTimeout(Duration.ofSeconds(120));
        this.tagging = new RunTagging(settings.runId());
    }

    public static Availability availability(String image) {
        try {
            if (!DockerClientFactory.instance().isDockerAvailable()) {
                return Availability.no("no Docker engine is reachable; start one (see fixtures/docker-engine.sh)");
            }
            DockerClientFactory.instance().client().inspectImageCmd(image).exec();
            return Availability.yes("image " + image + " is present locally");
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            return Availability.no("the LocalStack image " + image + " is not present locally and is never pulled;"
                    + " load it with 'docker load' or name another with -Dlabcheck.localstack.image=...");
        } catch (RuntimeException e) {
            return Availability.no("cannot ask the Docker engine about " + image + ": " + e.getMessage());
        }
    }

    public static LocalStackCloud start(CloudSettings settings) {
        LocalStackCloud cloud = new LocalStackCloud(settings);
        try {
            cloud.container.start();
            cloud.client = Ec2Client.builder()
                    .endpointOverride(cloud.container.getEndpoint())
                    .region(Region.of(settings.region()))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                            cloud.container.getAccessKey(), cloud.container.getSecretKey())))
                    .overrideConfiguration(ClientOverrideConfiguration.builder()
                            .addExecutionInterceptor(cloud.tagging).build())
                    .build();
            return cloud;
        } catch (RuntimeException e) {
            cloud.close();
            throw new CloudStartException("LocalStack (" + settings.localStackImage() + ") did not start: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public CloudProvider provider() {
        return CloudProvider.LOCALSTACK;
    }

    @Override
    public String region() {
        return settings.region();
    }

    @Override
    public String runId() {
        return settings.runId();
    }

    @Override
    public Ec2Client ec2() {
        if (client == null || closed.get()) {
            throw new IllegalStateException("the LocalStack cloud is not running");
        }
        return client;
    }

    @Override
    public Optional<URI> endpoint() {
        return client == null ? Optional.empty() : Optional.of(container.getEndpoint());
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            container.stop(); // the container holds all state: stopping it removes everything the run made
        }
    }
}

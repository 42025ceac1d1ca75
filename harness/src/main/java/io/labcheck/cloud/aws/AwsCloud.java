package io.labcheck.cloud.aws;

import io.labcheck.cloud.Availability;
import io.labcheck.cloud.Cloud;
import io.labcheck.cloud.CloudJanitor;
import io.labcheck.cloud.CloudProvider;
import io.labcheck.cloud.CloudSettings;
import io.labcheck.cloud.CloudStartException;
import io.labcheck.cloud.RunTagging;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * A real AWS account. Opt-in only ({@code LABCHECK_AWS=yes} or {@code -Dlabcheck.aws=yes}): it costs
 * money. Every resource the run creates is tagged with the run id, and closing removes exactly those.
 */
public final class AwsCloud implements Cloud {
    private static final Logger LOG = LoggerFactory.getLogger(AwsCloud.class);
    public static final String OPT_IN_ENV = "LABCHECK_AWS";
    public static final String OPT_IN_PROPERTY = "labcheck.aws";

    private final CloudSettings settings;
    private final RunTagging tagging;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Ec2Client client;

    private AwsCloud(CloudSettings settings, Ec2Client client, RunTagging tagging) {
        this.settings = settings;
        this.client = client;
        this.tagging = tagging;
    }

    public static boolean optedIn() {
        String v = System.getProperty(OPT_IN_PROPERTY, System.getenv(OPT_IN_ENV));
        return v != null && (v.equalsIgnoreCase("yes") || v.equalsIgnoreCase("true") || v.equals("1"));
    }

    public static Availability availability() {
        if (!optedIn()) {
            return Availability.no("a real AWS account is opt-in: set " + OPT_IN_ENV + "=yes (or -D" + OPT_IN_PROPERTY
                    + "=yes) with credentials in the default chain; it creates billable resources");
        }
        try (DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build()) {
            credentials.resolveCredentials();
            return Availability.yes("opted in, credentials found");
        } catch (RuntimeException e) {
            return Availability.no("opted in to AWS but no credentials were found in the default chain"
                    + " (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, ~/.aws/credentials, or a profile via AWS_PROFILE)");
        }
    }

    public static AwsCloud start(CloudSettings settings) {
        Availability a = availability();
        if (!a.available()) {
            throw new CloudStartException(a.reason());
        }
        RunTagging tagging = new RunTagging(settings.runId());
        Ec2Client client = Ec2Client.builder()
                .region(Region.of(settings.region().toLowerCase(Locale.ROOT)))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .overrideConfiguration(ClientOverrideConfiguration.builder().addExecutionInterceptor(tagging).build())
                .build();
        AwsCloud cloud = new AwsCloud(settings, client, tagging);
        try {
            client.describeAvailabilityZones(); // fail now, not mid-lab, on a bad region or credentials
            return cloud;
        } catch (RuntimeException e) {
            cloud.close();
            throw new CloudStartException("AWS in " + settings.region() + " did not answer: " + e.getMessage(), e);
        }
    }

    @Override
    public CloudProvider provider() {
        return CloudProvider.AWS;
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
        if (closed.get()) {
            throw new IllegalStateException("the AWS cloud of run " + settings.runId() + " is closed");
        }
        return client;
    }

    @Override
    public Optional<URI> endpoint() {
        return Optional.empty();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            CloudJanitor.Report report = new CloudJanitor(client, tagging, Duration.ofMinutes(10), Duration.ofSeconds(5))
                    .sweep();
            LOG.info("run {}: removed {}", settings.runId(), report.removed());
            if (!report.clean()) {
                LOG.error("run {}: left behind {}; remove them in the console (tag {}={})", settings.runId(),
                        report.failed(), RunTagging.RUN_ID_TAG, settings.runId());
            }
        } finally {
            client.close();
        }
    }
}

package io.labcheck.cloud;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * An EC2 client that can only look: every call that is not a {@code Describe...} is refused before it leaves the
 * machine. What {@code doctor} and {@code grade} use on a student's account, so "read-only" is enforced, not promised.
 */
public final class ReadOnlyEc2 {

    /** What came of looking for a client: the client, or why there is none. */
    public record Connection(Optional<Ec2Client> client, String said) {}

    /**
     * A read-only client for {@code region}: at {@code endpoint} when given (an embedded cloud or LocalStack, where
     * the SDK's default credentials are used if there are any, AWS's documented example keys if not), else AWS itself
     * with the credentials of the SDK's default chain; none, saying why, when AWS is meant and there are no credentials.
     */
    public static Connection connect(Optional<URI> endpoint, String region) {
        AwsCredentialsProvider credentials;
        String where;
        Optional<AwsCredentialsProvider> found = defaultChain();
        if (endpoint.isPresent()) {
            credentials = found.orElse(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(io.labcheck.cloud.embedded.EmbeddedCloud.EXAMPLE_ACCESS_KEY,
                            io.labcheck.cloud.embedded.EmbeddedCloud.EXAMPLE_SECRET_KEY)));
            where = "the EC2 API at " + endpoint.get() + " (" + region + ")";
        } else if (found.isPresent()) {
            credentials = found.get();
            where = "AWS in " + region + ", with the credentials of the SDK's default chain";
        } else {
            return new Connection(Optional.empty(), "no AWS credentials in the SDK's default chain (AWS_ACCESS_KEY_ID/"
                    + "AWS_SECRET_ACCESS_KEY, ~/.aws/credentials or AWS_PROFILE), and no --endpoint");
        }
        var builder = Ec2Client.builder().region(Region.of(region.toLowerCase(Locale.ROOT))).credentialsProvider(credentials)
                .overrideConfiguration(ClientOverrideConfiguration.builder().addExecutionInterceptor(new DescribeOnly())
                        .build());
        endpoint.ifPresent(builder::endpointOverride);
        return new Connection(Optional.of(builder.build()), "read-only (Describe calls only) on " + where);
    }

    private static Optional<AwsCredentialsProvider> defaultChain() {
        DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build();
        try {
            chain.resolveCredentials();
            return Optional.of(chain);
        } catch (RuntimeException none) {
            chain.close();
            return Optional.empty();
        }
    }

    /** Refuses every request but a Describe, whatever the caller meant. */
    static final class DescribeOnly implements ExecutionInterceptor {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            String call = context.request().getClass().getSimpleName();
            if (!call.startsWith("Describe")) {
                throw new IllegalStateException("refused " + call.replaceFirst("Request$", "") + ": this client only"
                        + " looks (Describe calls), it never changes the account");
            }
        }
    }

    private ReadOnlyEc2() {}
}

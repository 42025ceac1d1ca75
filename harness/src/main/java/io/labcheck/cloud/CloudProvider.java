package io.labcheck.cloud;

import io.labcheck.cloud.aws.AwsCloud;
import io.labcheck.cloud.embedded.EmbeddedCloud;
import io.labcheck.cloud.localstack.LocalStackCloud;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The control planes labcheck can drive, all through the same {@link Cloud} interface. */
public enum CloudProvider {
    /** An in-process EC2 Query API emulator on loopback; always available, the default. */
    EMBEDDED("embedded") {
        @Override
        public Availability availability(CloudSettings settings) {
            return Availability.yes("in-process emulator");
        }

        @Override
        public Cloud start(CloudSettings settings) {
            return EmbeddedCloud.start(settings);
        }
    },
    /** LocalStack's EC2 in a container (Testcontainers), when its image is present locally. */
    LOCALSTACK("localstack") {
        @Override
        public Availability availability(CloudSettings settings) {
            return LocalStackCloud.availability(settings.localStackImage());
        }

        @Override
        public Cloud start(CloudSettings settings) {
            return LocalStackCloud.start(settings);
        }
    },
    /** A real AWS account; opt-in only, and only this run's resources are ever removed. */
    AWS("aws") {
        @Override
        public Availability availability(CloudSettings settings) {
            return AwsCloud.availability();
        }

        @Override
        public Cloud start(CloudSettings settings) {
            return AwsCloud.start(settings);
        }
    };

    private final String id;

    CloudProvider(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public abstract Availability availability(CloudSettings settings);

    /** Starts the cloud; on failure everything started so far is released before the exception leaves. */
    public abstract Cloud start(CloudSettings settings);

    /** Parses a provider id, with an error that lists the valid ones. */
    public static CloudProvider fromId(String raw) {
        String wanted = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
        for (CloudProvider p : values()) {
            if (p.id.equals(wanted)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown cloud provider '" + raw + "': use one of "
                + Arrays.stream(values()).map(CloudProvider::id).collect(Collectors.joining(", ")));
    }
}

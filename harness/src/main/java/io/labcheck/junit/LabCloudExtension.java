package io.labcheck.junit;

import io.labcheck.cloud.Availability;
import io.labcheck.cloud.Cloud;
import io.labcheck.cloud.CloudProvider;
import io.labcheck.cloud.CloudSettings;
import io.labcheck.cloud.HostKind;
import io.labcheck.cloud.embedded.ApiChaos;
import io.labcheck.cloud.embedded.EmbeddedCloud;
import io.labcheck.host.ContainerHosts;
import io.labcheck.host.Datacenter;
import io.labcheck.host.PublicNetwork;

import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

import software.amazon.awssdk.services.ec2.Ec2Client;

/** The extension behind {@link LabCloud}; package-private so that the annotation is the only way in. */
final class LabCloudExtension implements ExecutionCondition, BeforeAllCallback, AfterEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LabCloudExtension.class);
    private static final Set<Class<?>> INJECTABLE = Set.of(Cloud.class, Ec2Client.class, EmbeddedCloud.class,
            ApiChaos.class, ContainerHosts.class, PublicNetwork.class);

    /** Owns one cloud in the extension store: JUnit closes it when its scope ends, also after a failed start. */
    static final class CloudHolder implements AutoCloseable {
        private final CloudSettings settings;
        private Cloud cloud;
        private RuntimeException startFailure;

        CloudHolder(CloudSettings settings) {
            this.settings = settings;
        }

        synchronized Cloud cloud() {
            if (cloud == null && startFailure == null) {
                try {
                    cloud = Datacenter.start(settings);
                } catch (RuntimeException e) {
                    startFailure = e;
                }
            }
            if (startFailure != null) {
                throw new ExtensionConfigurationException("the " + settings.provider().id() + " cloud did not start: "
                        + startFailure.getMessage(), startFailure);
            }
            return cloud;
        }

        @Override
        public synchronized void close() {
            if (cloud != null) {
                cloud.close();
            }
        }
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isPresent()) {
            return ConditionEvaluationResult.enabled("the class's cloud decides"); // checked once, for the class
        }
        CloudSettings settings = settings(context);
        Availability availability = Datacenter.availability(settings);
        if (!availability.available() && settings.hosts() == HostKind.CONTAINER
                && System.getenv("LABCHECK_REQUIRE_DOCKER") != null) {
            throw new ExtensionConfigurationException("LABCHECK_REQUIRE_DOCKER is set, so container hosts must run: "
                    + availability.reason());
        }
        if (!availability.available()) {
            return ConditionEvaluationResult.disabled("cloud provider '" + settings.provider().id()
                    + "' is not available here: " + availability.reason());
        }
        return ConditionEvaluationResult.enabled("cloud provider '" + settings.provider().id() + "': "
                + availability.reason());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        holder(context).cloud();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        // HTTP chaos is per test: a throttled endpoint must not leak into the next test.
        Cloud cloud = holder(context).cloud;
        if (cloud instanceof EmbeddedCloud embedded) {
            embedded.api().reset();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return INJECTABLE.contains(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Cloud cloud = holder(context).cloud();
        Class<?> type = parameter.getParameter().getType();
        if (type == Cloud.class) {
            return cloud;
        }
        if (type == Ec2Client.class) {
            return cloud.ec2();
        }
        if (cloud instanceof EmbeddedCloud embedded) {
            if (type == ContainerHosts.class || type == PublicNetwork.class) {
                return embedded.attachment(type).orElseThrow(() -> new ParameterResolutionException(
                        "parameter '" + parameter.getParameter().getName() + "' asks for container hosts, but this"
                                + " class runs without them: use @LabCloud(hosts = HostKind.CONTAINER)"));
            }
            return type == ApiChaos.class ? embedded.api() : embedded;
        }
        throw new ParameterResolutionException("parameter '" + parameter.getParameter().getName() + "' needs the embedded"
                + " cloud, but this class runs on '" + cloud.provider().id() + "': declare a Cloud or Ec2Client"
                + " parameter instead, or run the class with @LabCloud(provider = \"embedded\")");
    }

    private CloudHolder holder(ExtensionContext context) {
        CloudSettings settings = settings(context);
        LabCloud annotation = annotation(context);
        if (annotation.scope() == CloudScope.SUITE) {
            // Same settings, same cloud: the key leaves out the run id, which is fresh per settings object.
            String key = "suite:" + settings.withRunId("-");
            return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(key, k -> new CloudHolder(settings),
                    CloudHolder.class);
        }
        ExtensionContext classContext = classContext(context);
        return classContext.getStore(NAMESPACE).getOrComputeIfAbsent("class", k -> new CloudHolder(settings),
                CloudHolder.class);
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }

    private static LabCloud annotation(ExtensionContext context) {
        for (Optional<Class<?>> c = context.getTestClass(); c.isPresent(); c = Optional.ofNullable(c.get().getEnclosingClass())) {
            Optional<LabCloud> found = AnnotationSupport.findAnnotation(c.get(), LabCloud.class);
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw new ExtensionConfigurationException("LabCloudExtension needs @LabCloud on the test class "
                + context.getTestClass().map(Class::getName).orElse("?") + "; annotate the class instead of"
                + " registering the extension by hand");
    }

    static CloudSettings settings(ExtensionContext context) {
        LabCloud a = annotation(context);
        String providerId = a.provider().isBlank()
                ? context.getConfigurationParameter("labcheck.cloud")
                        .orElse(Optional.ofNullable(System.getenv("LABCHECK_CLOUD")).orElse("embedded"))
                : a.provider();
        CloudProvider provider;
        try {
            provider = CloudProvider.fromId(providerId);
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(e.getMessage() + " (in @LabCloud(provider) or labcheck.cloud)");
        }
        if (a.port() < 0 || a.port() > 65535) {
            throw new ExtensionConfigurationException("@LabCloud(port = " + a.port()
                    + ") is not a port: use 0 for any free port, or 1-65535");
        }
        return CloudSettings.defaults()
                .withProvider(provider)
                .withRegion(a.region())
                .withTimings(a.timings().value())
                .withPort(a.port())
                .withHosts(a.hosts());
    }
}

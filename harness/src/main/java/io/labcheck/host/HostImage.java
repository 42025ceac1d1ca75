package io.labcheck.host;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;

import java.util.Map;
import java.util.Optional;

/**
 * The image instances boot from (see fixtures/host-image). Never pulled: it is built on this machine,
 * and what it really is (which base stands in for Ubuntu 22.04) is read from its labels so that reports
 * can say so. (pip's substitute for PyPI is not in the image: it is the package index each cloud starts,
 * {@link io.labcheck.substitute.PackageIndex}.)
 */
public record HostImage(String name, String base, String os, String substitute, String pip) {
    public static final String DEFAULT = "labcheck/host:5";
    public static final String PROPERTY = "labcheck.host.image";
    public static final String ENV = "LABCHECK_HOST_IMAGE";

    /** The configured image name: -Dlabcheck.host.image, LABCHECK_HOST_IMAGE, else the default. */
    public static String configuredName() {
        String env = System.getenv(ENV);
        return System.getProperty(PROPERTY, env == null || env.isBlank() ? DEFAULT : env);
    }

    /** Inspects the image; absent, it explains how to build it. */
    public static HostImage inspect(DockerClient docker, String name) {
        InspectImageResponse image;
        try {
            image = docker.inspectImageCmd(name).exec();
        } catch (NotFoundException e) {
            throw new HostException("the host image " + name + " is not on this machine and is never pulled:"
                    + " build it with fixtures/host-image/build.sh all (or name another with -D" + PROPERTY + "=)");
        }
        Map<String, String> labels = Optional.ofNullable(image.getConfig()).map(c -> c.getLabels()).orElse(Map.of());
        return new HostImage(name,
                labels.getOrDefault("org.labcheck.image.base", "unknown"),
                labels.getOrDefault("org.labcheck.image.os", "unknown"),
                labels.getOrDefault("org.labcheck.image.substitute", "unknown"),
                labels.getOrDefault("org.labcheck.image.pip", "unknown"));
    }

    /** One line for reports: what the instances really run. */
    public String describe() {
        return name + " (os: " + os + ", base: " + base + ", stand-in: " + substitute
                + (pip.equals("unknown") ? "" : ", pip: " + pip) + ")";
    }
}

package io.labcheck.fault;

import io.labcheck.host.ContainerHosts;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * A deployed lab as the fault injectors reach it: the cloud's API, the student's key file, the app's
 * port and how it was started, and a back door onto the server (the harness's, never the student's)
 * so a fault can be injected and reverted even while it cuts the student off.
 *
 * @param appStart the shell command that starts the app as the login user, in the background
 *                 ({@code sudo systemctl restart X} when a unit runs it)
 * @param appMatch a pattern matching the app's command line, to find and stop it
 * @param unit     the systemd unit that runs the app, "" when a terminal or nohup started it
 * @param appPort  the port the app serves on, 0 when the lab leaves no app (then appStart and appMatch are "")
 */
public record Deployment(Ec2Client ec2, String instanceId, Path keyFile, String loginUser, int appPort,
                         String appStart, String appMatch, String unit, ContainerHosts hosts) {

    /** A deployment of the instance alone: the lab's steps leave no app listening on a port. */
    public static Deployment withoutApp(Ec2Client ec2, String instanceId, Path keyFile, String loginUser, ContainerHosts hosts) {
        return new Deployment(ec2, instanceId, keyFile, loginUser, 0, "", "", "", hosts);
    }

    /** Whether the lab left an app listening on a port. */
    public boolean hasApp() {
        return appPort > 0;
    }

    public boolean byUnit() {
        return !unit.isEmpty();
    }

    public Instance instance() {
        return ec2.describeInstances(r -> r.instanceIds(instanceId)).reservations().get(0).instances().get(0);
    }

    public Optional<String> publicIp() {
        return Optional.ofNullable(instance().publicIpAddress());
    }

    /** Runs {@code command} on the server as the login user, through the back door. */
    public ContainerHosts.ExecResult asUser(String command, Duration timeout) {
        return hosts.execAs(instanceId, loginUser, timeout, command);
    }

    public ContainerHosts.ExecResult asRoot(String command, Duration timeout) {
        return hosts.execAsRoot(instanceId, timeout, "bash", "-c", command);
    }
}

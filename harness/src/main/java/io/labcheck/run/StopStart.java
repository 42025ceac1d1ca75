package io.labcheck.run;

import io.labcheck.cloud.Cloud;
import io.labcheck.ssh.SshConnector;
import io.labcheck.ssh.SshFailure;
import io.labcheck.ssh.SshSession;
import io.labcheck.ssh.SshTarget;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * An instance stopped and started through the EC2 API, as a student does from the console, and what came of it:
 * the public address before and after, and (when asked) an SSH login at the new address once the server is back.
 * Every wait is bounded and names what it awaited.
 */
final class StopStart {
    private static final Duration LOGIN_ATTEMPT = Duration.ofSeconds(5);

    private final Cloud cloud;
    private final String instanceId;
    private final Duration bound;

    StopStart(Cloud cloud, String instanceId, Duration bound) {
        this.cloud = cloud;
        this.instanceId = instanceId;
        this.bound = bound;
    }

    /** The public address the instance had before the stop and has after the start ({@code null}: none). */
    record Addresses(String before, String after) {
        boolean same() {
            return before != null && before.equals(after);
        }
    }

    /** Stops the instance, waits until it is stopped, starts it and waits until it runs. */
    Addresses cycle(Evidence ev) {
        String before = describe().publicIpAddress();
        cloud.ec2().stopInstances(r -> r.instanceIds(instanceId));
        ev.command("StopInstances " + instanceId);
        awaitState(InstanceStateName.STOPPED);
        String whileStopped = describe().publicIpAddress();
        cloud.ec2().startInstances(r -> r.instanceIds(instanceId));
        ev.command("StartInstances " + instanceId);
        awaitState(InstanceStateName.RUNNING);
        String after = describe().publicIpAddress();
        ev.output(instanceId + ": public IP " + before + " before the stop, " + (whileStopped == null ? "none"
                : whileStopped) + " while stopped, " + after + " after the start");
        return new Addresses(before, after);
    }

    /**
     * Logs in over SSH at {@code host} until a login succeeds (the host's sshd comes back after the start), bounded.
     *
     * @return what the server said its name is, as a proof of the login
     */
    String awaitLogin(String host, String user, Path key) {
        AtomicReference<String> said = new AtomicReference<>();
        AtomicReference<String> last = new AtomicReference<>("no attempt yet");
        try (SshConnector ssh = new SshConnector()) {
            await("ssh " + user + "@" + host + " to log in after the start")
                    .atMost(bound).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(250))
                    .failFast("instance " + instanceId + " stopped or ended", () -> describe().state().name() != InstanceStateName.RUNNING)
                    .until(() -> {
                        try (SshSession session = ssh.connect(new SshTarget(host, 22, user, key), LOGIN_ATTEMPT)) {
                            var r = session.exec("hostname", LOGIN_ATTEMPT);
                            if (r.exitCode() == 0) {
                                said.set(r.stdout().strip());
                                return true;
                            }
                            last.set("hostname exited " + r.exitCode());
                        } catch (SshFailure e) {
                            last.set(e.getMessage());
                        }
                        return false;
                    });
        } catch (ConditionTimeoutException e) {
            throw new StepFailure("the server did not let " + user + " log in over SSH at " + host + " within "
                    + bound.toSeconds() + " s after the start; the last attempt: " + last.get());
        }
        return said.get();
    }

    private void awaitState(InstanceStateName state) {
        awaitState(cloud, instanceId, state, bound);
    }

    /**
     * Waits (bounded) until the instance is in {@code state}; fails fast once it is terminated or shutting down.
     * Returns the states it was seen in on the way, in order ({@code pending, running}).
     */
    static List<String> awaitState(Cloud cloud, String instanceId, InstanceStateName state, Duration bound) {
        List<String> seen = new ArrayList<>();
        await("instance " + instanceId + " to be " + state).atMost(bound).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(100))
                .failFast("instance " + instanceId + " ended", () -> {
                    InstanceStateName s = describe(cloud, instanceId).state().name();
                    return s == InstanceStateName.TERMINATED || s == InstanceStateName.SHUTTING_DOWN;
                })
                .until(() -> {
                    String now = describe(cloud, instanceId).state().nameAsString();
                    if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(now)) {
                        seen.add(now);
                    }
                    return now.equals(state.toString());
                });
        return seen;
    }

    private Instance describe() {
        return describe(cloud, instanceId);
    }

    static Instance describe(Cloud cloud, String instanceId) {
        return cloud.ec2().describeInstances(r -> r.instanceIds(instanceId)).reservations().get(0).instances().get(0);
    }
}

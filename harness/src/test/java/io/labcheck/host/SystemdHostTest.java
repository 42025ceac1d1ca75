package io.labcheck.host;

import io.labcheck.cloud.CloudSettings;
import io.labcheck.cloud.embedded.EmbeddedCloud;
import io.labcheck.ssh.ExecResult;
import io.labcheck.ssh.SshConnector;
import io.labcheck.ssh.SshSession;
import io.labcheck.ssh.SshTarget;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An instance boots systemd as PID 1, as an Ubuntu VM does, so a lab's systemd steps behave: the ubuntu user
 * logs in over SSH and runs {@code sudo systemctl}; a unit enabled with {@code --now} runs, is restarted after a
 * {@code kill -9} ({@code Restart=always}), writes to the journal, and comes back after a stop and start.
 */
class SystemdHostTest {
    private static final Duration COMMAND = Duration.ofSeconds(30);
    private static final Duration SYSTEMD_BOUND = Duration.ofSeconds(30);
    private static final String UNIT = "labcheck-tick.service";
    private static final String UNIT_FILE = """
            [Unit]
            Description=labcheck tick (a lab's app as a service)

            [Service]
            ExecStart=/bin/sh -c 'while true; do echo "tick from $$$$"; sleep 1; done'
            Restart=always
            RestartSec=1

            [Install]
            WantedBy=multi-user.target
            """;

    @BeforeAll
    static void needsDocker() {
        DockerRequirement.require();
    }

    private static Instance describe(Ec2Client ec2, String id) {
        return ec2.describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0);
    }

    private static void awaitState(Ec2Client ec2, String id, InstanceStateName state) {
        await(id + " to be " + state).atMost(Duration.ofSeconds(90)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(100)).until(() -> describe(ec2, id).state().name(), s -> s == state);
    }

    /** Runs a command line as the ubuntu user over SSH, as the student types it; fails on a non-zero exit. */
    private static String run(SshSession session, String command) throws Exception {
        ExecResult r = session.exec(command, COMMAND);
        assertThat(r.succeeded()).as("'%s' over SSH: %s", command, r).isTrue();
        return r.stdout().strip();
    }

    private static String query(SshSession session, String command) throws Exception {
        return session.exec(command, COMMAND).stdout().strip();
    }

    private static SshSession login(SshConnector ssh, ContainerHosts hosts, String id, Path pem) throws Exception {
        String address = hosts.host(id).orElseThrow().bridgeAddress().map(InetAddress::getHostAddress).orElseThrow();
        return ssh.connect(SshTarget.ubuntu(address, pem), Duration.ofSeconds(20));
    }

    @Test
    void theLabsUnitRunsIsRestartedAfterAKillLogsToTheJournalAndComesBackAfterAStopAndStart(@TempDir Path dir)
            throws Exception {
        CloudSettings settings = CloudSettings.defaults();
        ContainerHosts hosts = ContainerHosts.create(settings.runId(), HostImage.configuredName());
        try (EmbeddedCloud cloud = EmbeddedCloud.start(settings, hosts); SshConnector ssh = new SshConnector()) {
            cloud.attach(hosts);
            Ec2Client ec2 = cloud.ec2();
            Path pem = dir.resolve("my_app.pem");
            Files.writeString(pem, ec2.createKeyPair(r -> r.keyName("my_app")).keyMaterial() + "\n");
            Files.setPosixFilePermissions(pem, PosixFilePermissions.fromString("r--------"));

            long t0 = System.nanoTime();
            String id = ec2.runInstances(r -> r.imageId("ami-0c9c942bd7bf113a2").instanceType("t2.micro")
                    .keyName("my_app").minCount(1).maxCount(1)).instances().get(0).instanceId();
            awaitState(ec2, id, InstanceStateName.RUNNING);
            long running = System.nanoTime();
            try (SshSession session = login(ssh, hosts, id, pem)) {
                assertEquals("ubuntu", run(session, "whoami"));
                System.out.printf("RunInstances -> running %.2f s -> first SSH command done %.2f s (systemd as PID 1)%n",
                        (running - t0) / 1e9, (System.nanoTime() - t0) / 1e9);

                assertEquals("systemd", run(session, "ps -o comm= -p 1"), "PID 1");
                // --wait: sshd answers before the boot has finished starting every unit.
                String state = query(session, "systemctl is-system-running --wait");
                assertThat(state).as("systemctl is-system-running; failed units: %s",
                        query(session, "systemctl --failed --no-legend --plain")).isEqualTo("running");

                run(session, "sudo tee /etc/systemd/system/" + UNIT + " >/dev/null <<'EOF'\n" + UNIT_FILE + "EOF");
                run(session, "sudo systemctl daemon-reload && sudo systemctl enable --now " + UNIT);
                assertEquals("active", query(session, "systemctl is-active " + UNIT));
                assertEquals("enabled", query(session, "systemctl is-enabled " + UNIT));
                String firstPid = run(session, "systemctl show -p MainPID --value " + UNIT);
                assertThat(Long.parseLong(firstPid)).as("MainPID").isPositive();

                run(session, "sudo kill -9 " + firstPid);
                String[] restarted = new String[1];
                await(UNIT + " to be active again under a new PID after kill -9 of " + firstPid)
                        .atMost(SYSTEMD_BOUND).pollInterval(Duration.ofMillis(200))
                        .until(() -> {
                            restarted[0] = query(session, "systemctl show -p MainPID --value " + UNIT);
                            return query(session, "systemctl is-active " + UNIT).equals("active")
                                    && !restarted[0].equals("0") && !restarted[0].equals(firstPid);
                        });

                // The ubuntu user reads the journal (group adm), as on Ubuntu: the unit's output from both
                // processes, and systemd's own account of the kill and the restart.
                await("journalctl -u " + UNIT + " to show the output of PIDs " + firstPid + " and " + restarted[0])
                        .atMost(SYSTEMD_BOUND).pollInterval(Duration.ofMillis(200))
                        .untilAsserted(() -> assertThat(run(session, "journalctl -u " + UNIT + " --no-pager"))
                                .contains("tick from " + firstPid).contains("tick from " + restarted[0])
                                .contains("Main process exited, code=killed, status=9/KILL")
                                .contains("Scheduled restart job"));
            }

            ec2.stopInstances(r -> r.instanceIds(id));
            awaitState(ec2, id, InstanceStateName.STOPPED);
            ec2.startInstances(r -> r.instanceIds(id));
            awaitState(ec2, id, InstanceStateName.RUNNING);
            try (SshSession session = login(ssh, hosts, id, pem)) {
                await(UNIT + ", enabled before the stop, to be active after the start").atMost(SYSTEMD_BOUND)
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> query(session, "systemctl is-active " + UNIT), "active"::equals);
                assertEquals("active", query(session, "systemctl is-active ssh.service"));
                assertThat(query(session, "systemctl is-system-running --wait")).as("after the start; failed units: %s",
                        query(session, "systemctl --failed --no-legend --plain")).isEqualTo("running");
            }

            ec2.terminateInstances(r -> r.instanceIds(id));
            awaitState(ec2, id, InstanceStateName.TERMINATED);
        }
    }
}

package io.labcheck.host;

import io.labcheck.cloud.CloudSettings;
import io.labcheck.cloud.Cloud;
import io.labcheck.cloud.HostKind;
import io.labcheck.diagnose.Diagnosis;
import io.labcheck.diagnose.Finding;
import io.labcheck.diagnose.Subject;
import io.labcheck.ssh.ExecResult;
import io.labcheck.ssh.SshConnector;
import io.labcheck.ssh.SshSession;
import io.labcheck.ssh.SshTarget;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.services.ec2.Ec2Client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A lab installs Docker on its instance and runs its app in a container (seed 002, 6.2.4 and 6.2.5): on an
 * instance here, the chapter's {@code curl https://get.docker.com} and compose download get their stand-ins, which
 * install Debian's docker.io and docker-compose; the engine starts as on a VM, the docker group applies at the next login,
 * a container published with {@code -p 80:80} answers from outside on the instance's address, and
 * {@code --restart unless-stopped} brings it back after its process is killed; the instance's memory limit
 * still reads the instance type's.
 */
class ContainerEngineHostTest {
    private static final Duration COMMAND = Duration.ofSeconds(60);
    private static final Duration INSTALL = Duration.ofMinutes(5);

    @BeforeAll
    static void needsDocker() {
        DockerRequirement.require();
    }

    private static ExecResult run(SshSession session, String command, Duration bound) throws Exception {
        return session.exec(command, bound);
    }

    private static String ok(SshSession session, String command) throws Exception {
        ExecResult r = session.exec(command, COMMAND);
        assertThat(r.succeeded()).as("'%s' over SSH: %s", command, r).isTrue();
        return r.stdout().strip();
    }

    private static int status(HttpClient http, String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void dockerInstalledOnTheInstanceRunsAPublishedContainerThatComesBackAfterAKill(@TempDir Path dir) throws Exception {
        // the whole datacenter (its public network and security groups), as a student's diagnosis sees it from outside
        try (Cloud cloud = Datacenter.start(CloudSettings.defaults().withHosts(HostKind.CONTAINER)
                .withRunId("engine-" + System.nanoTime())); SshConnector ssh = new SshConnector()) {
            ContainerHosts hosts = ContainerHosts.of(cloud).orElseThrow();
            Ec2Client ec2 = cloud.ec2();
            String group = ec2.describeSecurityGroups(r -> r.groupNames("default")).securityGroups().get(0).groupId();
            for (int port : new int[] {22, 80}) {
                ec2.authorizeSecurityGroupIngress(r -> r.groupId(group).ipPermissions(p -> p.ipProtocol("tcp")
                        .fromPort(port).toPort(port).ipRanges(i -> i.cidrIp("0.0.0.0/0"))));
            }
            TestInstances.Launched instance = TestInstances.launch(ec2, hosts, dir, "kaira-key", "t3.micro");
            String id = instance.id();
            String address = instance.address();
            SshTarget ubuntu = SshTarget.ubuntu(address, instance.pem());

            try (SshSession session = ssh.connect(ubuntu, Duration.ofSeconds(20))) {
                // the chapter's own commands: get.docker.com and the compose release come from their stand-in
                ExecResult install = run(session, "curl -fsSL https://get.docker.com -o get-docker.sh && sudo sh get-docker.sh", INSTALL);
                Assumptions.assumeFalse(install.stdout().concat(install.stderr())
                        .matches("(?s).*(Temporary failure resolving|Could not resolve|Failed to fetch|Network is unreachable).*"),
                        "the instance reaches no Debian mirror: " + install.stderr().strip());
                assertThat(install.succeeded()).as("get-docker.sh: %s", install).isTrue();
                assertThat(install.stdout()).contains("labcheck stand-in for get.docker.com");
                ok(session, "sudo curl -L \"https://github.com/docker/compose/releases/latest/download/docker-compose-$(uname -s)-$(uname -m)\""
                        + " -o /usr/local/bin/docker-compose && sudo chmod +x /usr/local/bin/docker-compose");
                // as on Ubuntu, installing the service starts it
                await("docker.service to be active after its install").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> run(session, "systemctl is-active docker", COMMAND).stdout().strip(), "active"::equals);
                ok(session, "sudo usermod -aG docker $USER");
                // the group applies to new logins only: this session is still refused by the engine's socket
                assertThat(run(session, "docker ps", COMMAND).stderr()).contains("permission denied");
            }

            String loaded = hosts.loadImage(id, HostImage.configuredName(), Duration.ofMinutes(5));
            assertThat(loaded).contains("Loaded image: " + HostImage.configuredName());

            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            try (SshSession session = ssh.connect(ubuntu, Duration.ofSeconds(20))) {
                assertThat(ok(session, "docker --version")).startsWith("Docker version");
                assertThat(ok(session, "docker-compose --version")).containsIgnoringCase("docker-compose version");
                ok(session, "docker run -d -p 80:80 --name web --restart unless-stopped " + HostImage.configuredName()
                        + " python3 -m http.server 80");
                await("the container on port 80 to answer from outside at " + address).atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(250)).until(() -> status(http, "http://" + address + "/"), s -> s == 200);
                assertThat(ok(session, "docker ps --format '{{.Names}} {{.Ports}}'")).contains("web").contains("0.0.0.0:80->80/tcp");

                String pid = ok(session, "docker inspect -f '{{.State.Pid}}' web");
                ok(session, "sudo kill -9 " + pid);
                await("the container to be restarted after kill -9 of its process " + pid).atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> run(session, "docker inspect -f '{{.RestartCount}} {{.State.Running}}' web", COMMAND)
                                .stdout().strip(), s -> s.equals("1 true"));
                await("the restarted container to answer from outside again").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(250)).until(() -> status(http, "http://" + address + "/"), s -> s == 200);

                // the containers inside count against the instance's memory, whose limit is still the type's (1 GiB)
                assertThat(ok(session, "cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max"))
                        .isEqualTo(String.valueOf(1024L * 1024 * 1024));
                assertThat(ok(session, "systemctl is-system-running")).isEqualTo("running");

                // by hand, as a student mistypes it: a container whose command fails at once, restarted by its policy
                Subject subject = new Subject(ec2, id, instance.pem(), "ubuntu", 80, "docker start web", "", Map.of());
                ok(session, "docker rm -f web && docker run -d -p 80:80 --name web --restart unless-stopped "
                        + HostImage.configuredName() + " python3 -m no_such_module");
                await("the broken container to have failed and been restarted once").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> run(session, "docker inspect -f '{{.RestartCount}}' web", COMMAND).stdout().strip(),
                                n -> n.matches("[1-9]\\d*"));
                try (Diagnosis diagnosis = new Diagnosis()) {
                    Diagnosis.Report broken = diagnosis.run(subject);
                    assertThat(broken.codes()).as("%s\n%s", broken.summary(), broken.observations().probes())
                            .containsExactly("container-exited");
                    Finding f = broken.findings().get(0);
                    assertThat(f.cause()).startsWith("the container web (image " + HostImage.configuredName()
                            + ") exits with 1 as soon as it starts: its restart policy (unless-stopped)");
                    assertThat(f.evidence()).as("what docker ps -a and docker logs show")
                            .anyMatch(e -> e.matches("server: docker ps -a: web\\s+Restarting \\(1\\).*"))
                            .anyMatch(e -> e.startsWith("server: docker logs --tail 5 web: ") && e.contains("No module named no_such_module"));

                    ok(session, "docker rm -f web && docker run -d -p 80:80 --name web --restart unless-stopped "
                            + HostImage.configuredName() + " python3 -m http.server 80");
                    await("the mended container to answer from outside again").atMost(Duration.ofSeconds(60))
                            .pollInterval(Duration.ofMillis(250)).until(() -> status(http, "http://" + address + "/"), s -> s == 200);
                    Diagnosis.Report mended = diagnosis.run(subject);
                    assertThat(mended.healthy()).as("%s\n%s", mended.summary(), mended.observations().probes()).isTrue();
                }
            }
            ec2.terminateInstances(r -> r.instanceIds(id));
        }
    }
}

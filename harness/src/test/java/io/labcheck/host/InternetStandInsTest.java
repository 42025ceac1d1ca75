package io.labcheck.host;

import io.labcheck.cloud.Cloud;
import io.labcheck.cloud.CloudSettings;
import io.labcheck.cloud.HostKind;
import io.labcheck.diagnose.Diagnosis;
import io.labcheck.diagnose.Subject;
import io.labcheck.ssh.ExecResult;
import io.labcheck.ssh.SshConnector;
import io.labcheck.ssh.SshSession;
import io.labcheck.ssh.SshTarget;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.services.ec2.Ec2Client;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A lab gives its server a domain and a certificate (seed 002, 6.5-6.6): the records it sets are answered by the
 * run's public DNS, which the instance resolves through (other names still reach Debian's mirror); certbot,
 * typed as the chapter types it, gets a certificate from Pebble, whose HTTP-01 challenge goes through the instance's
 * public address and security group as a browser's request does; a client here then verifies HTTPS against
 * Pebble's root. With the record pointing elsewhere the challenge fails there, as Let's Encrypt's would.
 */
class InternetStandInsTest {
    private static final Duration COMMAND = Duration.ofSeconds(120);
    private static final Duration INSTALL = Duration.ofMinutes(5);

    @BeforeAll
    static void needsDocker() {
        DockerRequirement.requireInternet();
    }

    private static String ok(SshSession session, String command, Duration bound) throws Exception {
        ExecResult r = session.exec(command, bound);
        assertThat(r.succeeded()).as("'%s' over SSH exited %d:\n%s\n%s", command, r.exitCode(), r.stdout(), r.stderr()).isTrue();
        return r.stdout().strip();
    }

    /** The real curl on this machine, resolving {@code name} to {@code address} as the public DNS does. */
    private static ProcessResult curl(Path dir, String name, String address, String url, Path ca) throws Exception {
        Path out = dir.resolve("curl.out");
        Process p = new ProcessBuilder(List.of("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "20",
                "--resolve", name + ":443:" + address, "--resolve", name + ":80:" + address, "--cacert", ca.toString(), url))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("curl %s within 30 s", url).isTrue();
        return new ProcessResult(p.exitValue(), Files.readString(out));
    }

    private record ProcessResult(int exit, String output) {}

    @Test
    void aDomainSetInThePublicDnsGetsACertificateFromTheStandInAuthorityThroughThePublicAddress(@TempDir Path dir)
            throws Exception {
        try (Cloud cloud = Datacenter.start(CloudSettings.defaults().withHosts(HostKind.CONTAINER)
                .withRunId("internet-" + System.nanoTime())); SshConnector ssh = new SshConnector()) {
            ContainerHosts hosts = ContainerHosts.of(cloud).orElseThrow();
            Ec2Client ec2 = cloud.ec2();
            String group = ec2.describeSecurityGroups(r -> r.groupNames("default")).securityGroups().get(0).groupId();
            for (int port : new int[] {22, 80, 443}) {
                ec2.authorizeSecurityGroupIngress(r -> r.groupId(group).ipPermissions(p -> p.ipProtocol("tcp")
                        .fromPort(port).toPort(port).ipRanges(i -> i.cidrIp("0.0.0.0/0"))));
            }
            TestInstances.Launched instance = TestInstances.launch(ec2, hosts, dir, "lab-key", "t3.micro");
            String publicIp = ec2.describeInstances(r -> r.instanceIds(instance.id())).reservations().get(0).instances()
                    .get(0).publicIpAddress();

            ContainerHosts.Internet internet = hosts.internet();
            internet.dns().setA("lab.test", "lab.test", publicIp);
            internet.dns().setA("lab.test", "www.lab.test", publicIp);

            try (SshSession session = ssh.connect(SshTarget.ubuntu(instance.address(), instance.pem()), Duration.ofSeconds(20))) {
                // the instance resolves the lab's domain through the public DNS, and the rest of the world as before
                assertThat(ok(session, "dig +short lab.test", COMMAND)).isEqualTo(publicIp);
                assertThat(ok(session, "nslookup www.lab.test", COMMAND)).contains(publicIp);
                assertThat(session.exec("dig +short nowhere.lab.test", COMMAND).stdout().strip())
                        .as("a name of the zone with no record").isEmpty();
                String mirror = ok(session, "sed -n 's#^URIs: *[a-z]*://\\([^/]*\\).*#\\1#p' /etc/apt/sources.list.d/*.sources"
                        + " /dev/null | head -1", COMMAND);
                if (!mirror.isEmpty()) {
                    assertThat(session.exec("getent hosts " + mirror, COMMAND).succeeded())
                            .as("the apt mirror %s still resolves through the public DNS (forwarded)", mirror).isTrue();
                }

                ExecResult install = session.exec("sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive"
                        + " apt-get install -y -qq nginx certbot python3-certbot-nginx", INSTALL);
                Assumptions.assumeFalse(install.stdout().concat(install.stderr())
                        .matches("(?s).*(Temporary failure resolving|Could not resolve|Failed to fetch|Network is unreachable).*"),
                        "the instance reaches no Debian mirror: " + install.stderr().strip());
                assertThat(install.succeeded()).as("installing nginx and certbot: %s", install).isTrue();
                ok(session, "printf 'server {\\n listen 80;\\n server_name lab.test www.lab.test;\\n location / { return 200 \"lab\\\\n\"; }\\n}\\n'"
                        + " | sudo tee /etc/nginx/sites-available/default >/dev/null && sudo nginx -t 2>&1 && sudo systemctl restart nginx",
                        COMMAND);

                // a browser's view first: the site answers on the public address (the gateway learns of a listener
                // that just started when the cloud settles, as every request from outside in a run is preceded by)
                cloud.settle();
                ProcessResult plain = curl(dir, "lab.test", publicIp, "http://lab.test/", dir.resolve("none.pem"));
                assertThat(plain.output()).as("curl http://lab.test/ before certbot").isEqualTo("200");

                // the student's command, the prompts answered as a student would (an e-mail address, Y to the terms)
                String issued = ok(session, "printf 'student@lab.test\\nY\\n' | sudo certbot --nginx -d lab.test -d www.lab.test 2>&1",
                        COMMAND);
                assertThat(issued).contains("Successfully deployed certificate for lab.test");
                assertThat(internet.acme().log()).contains("lab.test").containsIgnoringCase("valid");

                // from outside: HTTPS verifies against Pebble's root alone; HTTP redirects to it
                Path root = dir.resolve("pebble-root.pem");
                Files.writeString(root, internet.acme().rootPem());
                ProcessResult https = curl(dir, "lab.test", publicIp, "https://lab.test/", root);
                assertThat(https.exit()).as("curl https://lab.test/: %s", https.output()).isZero();
                assertThat(https.output()).isEqualTo("200");
                assertThat(curl(dir, "www.lab.test", publicIp, "http://www.lab.test/", root).output()).isEqualTo("301");

                // the challenge follows the record: pointed where nothing listens, the renewal's challenge fails there
                internet.dns().setA("lab.test", "lab.test", "127.0.0.2");
                ExecResult stale = session.exec("sudo certbot renew --dry-run 2>&1", COMMAND);
                assertThat(stale.succeeded()).as("renewal with lab.test pointing elsewhere: %s", stale).isFalse();
                assertThat(stale.stdout()).contains("127.0.0.2:80").contains("connection refused");
                // the blind diagnosis, asking the public DNS as the student's computer does, names the stale record
                Subject subject = new Subject(ec2, instance.id(), instance.pem(), "ubuntu", 80, "sudo systemctl restart nginx",
                        "", Map.of()).withSite(new Subject.Site(List.of("lab.test", "www.lab.test"), internet.dns().address()));
                try (Diagnosis diagnosis = new Diagnosis()) {
                    Diagnosis.Report report = diagnosis.run(subject);
                    assertThat(report.codes()).as("%s\n%s", report.summary(), report.observations().probes())
                            .containsExactly("dns-stale");
                    assertThat(report.findings().get(0).cause()).startsWith("lab.test points at 127.0.0.2, not at the"
                            + " server's public IP " + publicIp);
                    assertThat(report.findings().get(0).evidence()).contains("from outside: dig +short lab.test: 127.0.0.2");
                    internet.dns().setA("lab.test", "lab.test", publicIp);
                    Diagnosis.Report mended = diagnosis.run(subject);
                    assertThat(mended.healthy()).as("%s\n%s", mended.summary(), mended.observations().probes()).isTrue();
                }
                assertThat(ok(session, "sudo certbot renew --dry-run 2>&1", COMMAND)).contains("all simulated renewals succeeded");
            }
        }
    }
}

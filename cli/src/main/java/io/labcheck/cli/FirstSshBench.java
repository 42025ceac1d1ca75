package io.labcheck.cli;

import io.labcheck.cloud.Availability;
import io.labcheck.cloud.Cloud;
import io.labcheck.cloud.CloudSettings;
import io.labcheck.cloud.HostKind;
import io.labcheck.host.Datacenter;
import io.labcheck.ssh.SshConnector;
import io.labcheck.ssh.SshFailure;
import io.labcheck.ssh.SshSession;
import io.labcheck.ssh.SshTarget;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;

/** RunInstances to the first successful command over SSH, through the public address, per run. */
final class FirstSshBench {
    private static final Duration BOUND = Duration.ofSeconds(90);

    /** Milliseconds from RunInstances to the first command run over SSH at the public address, per run. */
    static double[] measure(int runs) {
        CloudSettings settings = CloudSettings.defaults().withHosts(HostKind.CONTAINER);
        Availability availability = Datacenter.availability(settings);
        if (!availability.available()) {
            throw new Labcheck.UserError("first-ssh needs container hosts: " + availability.reason());
        }
        Path dir = null;
        try (Cloud cloud = Datacenter.start(settings); SshConnector ssh = new SshConnector()) {
            dir = Files.createTempDirectory("labcheck-bench-");
            Ec2Client ec2 = cloud.ec2();
            Path pem = dir.resolve("bench.pem");
            Files.writeString(pem, ec2.createKeyPair(r -> r.keyName("bench")).keyMaterial() + "\n");
            Files.setPosixFilePermissions(pem, PosixFilePermissions.fromString("r--------"));
            String groupId = ec2.createSecurityGroup(r -> r.groupName("bench").description("ssh")).groupId();
            ec2.authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(IpPermission.builder()
                    .ipProtocol("tcp").fromPort(22).toPort(22).ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build())
                    .build()));
            String imageId = cloud.ubuntu2204ImageId();
            double[] ms = new double[runs];
            for (int n = 0; n < runs; n++) {
                long t0 = System.nanoTime();
                String id = ec2.runInstances(r -> r.imageId(imageId).instanceType("t2.micro").keyName("bench")
                        .securityGroupIds(groupId).minCount(1).maxCount(1)).instances().get(0).instanceId();
                loginOnce(ec2, ssh, id, pem, t0);
                ms[n] = (System.nanoTime() - t0) / 1e6;
                ec2.terminateInstances(r -> r.instanceIds(id));
            }
            return ms;
        } catch (IOException e) {
            throw new Labcheck.UserError("cannot write the bench key: " + e.getMessage());
        } finally {
            if (dir != null) {
                dir.resolve("bench.pem").toFile().delete();
                dir.toFile().delete();
            }
        }
    }

    /** Polls as a student would: describe until there is a public IP, then ssh until a command runs. */
    private static void loginOnce(Ec2Client ec2, SshConnector ssh, String id, Path pem, long t0) throws IOException {
        while (System.nanoTime() - t0 < BOUND.toNanos()) {
            var instance = ec2.describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0);
            if (instance.publicIpAddress() != null && instance.state().nameAsString().equals("running")) {
                try (SshSession session = ssh.connect(SshTarget.ubuntu(instance.publicIpAddress(), pem),
                        Duration.ofSeconds(2))) {
                    if (session.exec("true", Duration.ofSeconds(5)).exitCode() == 0) {
                        return;
                    }
                } catch (SshFailure notYet) {
                    // not up yet: try again
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        throw new IOException("no SSH login to " + id + " within " + BOUND);
    }

    private FirstSshBench() {}
}

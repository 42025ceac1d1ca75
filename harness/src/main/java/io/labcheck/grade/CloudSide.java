package io.labcheck.grade;

import io.labcheck.cloud.IngressRules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

/**
 * What a finished lab leaves in the cloud account, read with Describe calls only: the instance found by the address
 * the student gave, its security groups' inbound rules, its Elastic IP.
 */
final class CloudSide {
    private final Ec2Client ec2;
    private final String host;
    /** Looked up once for all of a scorecard's cloud checks. */
    private Optional<Instance> instance;

    CloudSide(Ec2Client ec2, String host) {
        this.ec2 = ec2;
        this.host = host;
    }

    Grader.Result check(Expectation e) {
        Optional<Instance> i = instance();
        if (i.isEmpty()) {
            return new Grader.Result(e, 0, "no instance of this account and region has the public address " + host
                    + " (another region or account? a stopped instance gives its address back)");
        }
        return switch (e.kind()) {
            case PORT_ADMITTED -> admitted(e, i.get());
            case EIP_ASSOCIATED -> elasticIp(e, i.get());
            default -> throw new IllegalArgumentException(e.kind() + " is not read from the cloud's API");
        };
    }

    private Optional<Instance> instance() {
        if (instance == null) {
            String ip = io.labcheck.cloud.HostAddress.of(host);
            instance = ec2.describeInstances(r -> r.filters(f -> f.name("ip-address").values(ip))).reservations().stream()
                    .flatMap(r -> r.instances().stream()).findFirst();
        }
        return instance;
    }

    private static Grader.Result admitted(Expectation e, Instance i, List<SecurityGroup> groups) {
        int port = e.port();
        List<String> sources = new ArrayList<>();
        for (SecurityGroup g : groups) {
            for (IpPermission p : g.ipPermissions()) {
                if (IngressRules.admits(p, port)) {
                    p.ipRanges().forEach(r -> sources.add(r.cidrIp()));
                }
            }
        }
        List<String> ids = groups.stream().map(SecurityGroup::groupId).toList();
        if (sources.isEmpty()) {
            return new Grader.Result(e, 0, "no inbound rule of " + ids + " admits port " + port);
        }
        String seen = "port " + port + " admitted from " + sources + " by " + ids;
        if (e.subject().equals("0.0.0.0/0") && !sources.contains("0.0.0.0/0")) {
            return new Grader.Result(e, e.points() / 2, seen + ": the document opens it to anywhere, so others are"
                    + " dropped (a timeout) where you are let in");
        }
        return new Grader.Result(e, e.points(), seen);
    }

    private Grader.Result admitted(Expectation e, Instance i) {
        List<String> ids = i.securityGroups().stream().map(g -> g.groupId()).toList();
        if (ids.isEmpty()) {
            return new Grader.Result(e, 0, i.instanceId() + " is in no security group");
        }
        return admitted(e, i, ec2.describeSecurityGroups(r -> r.groupIds(ids)).securityGroups());
    }

    private Grader.Result elasticIp(Expectation e, Instance i) {
        List<Address> mine = ec2.describeAddresses(r -> r.filters(f -> f.name("instance-id").values(i.instanceId())))
                .addresses();
        if (mine.isEmpty()) {
            return new Grader.Result(e, 0, "no Elastic IP is associated with " + i.instanceId() + ": its address "
                    + i.publicIpAddress() + " changes with a stop and start");
        }
        return new Grader.Result(e, e.points(), "Elastic IP " + mine.get(0).publicIp() + " (" + mine.get(0).allocationId()
                + ") is associated with " + i.instanceId());
    }
}

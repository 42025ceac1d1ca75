package io.labcheck.fault;

import io.labcheck.cloud.IngressRules;

import java.util.ArrayList;
import java.util.List;

import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

/**
 * Takes a port out of the instance's security groups, and only that port: every rule admitting it is
 * revoked, and where such a rule also admitted other ports (all traffic, a range), rules for those
 * other ports are added back, so that no other port changes.
 */
final class PortRuleFault extends AbstractFault {
    private final int fixedPort;
    private final List<Change> changes = new ArrayList<>();

    private record Change(String groupId, IpPermission revoked, List<IpPermission> added) {}

    /** @param port the port to close; -1 for the deployment's app port */
    PortRuleFault(int port) {
        this.fixedPort = port;
    }

    private int port(Deployment d) {
        return fixedPort < 0 ? d.appPort() : fixedPort;
    }

    @Override
    public void inject(Deployment d) {
        int port = port(d);
        for (SecurityGroup g : groups(d)) {
            for (IpPermission p : g.ipPermissions()) {
                for (IpRange range : p.ipRanges()) {
                    IpPermission single = p.toBuilder().ipRanges(range).ipv6Ranges(List.of()).userIdGroupPairs(List.of())
                            .prefixListIds(List.of()).build();
                    if (IngressRules.admits(single, port)) {
                        changes.add(new Change(g.groupId(), single, everythingElse(single, port, range)));
                    }
                }
            }
        }
        if (changes.isEmpty()) {
            throw new FaultException("no rule admits port " + port + ": the port is closed already");
        }
        for (Change c : changes) {
            d.ec2().revokeSecurityGroupIngress(r -> r.groupId(c.groupId()).ipPermissions(c.revoked()));
            if (!c.added().isEmpty()) {
                d.ec2().authorizeSecurityGroupIngress(r -> r.groupId(c.groupId()).ipPermissions(c.added()));
            }
        }
    }

    @Override
    public Check applied(Deployment d) {
        int port = port(d);
        boolean open = admits(d, port);
        return new Check(!open, "port " + port + (open ? " is admitted" : " is admitted by no rule"));
    }

    @Override
    public void revert(Deployment d) {
        for (Change c : changes) {
            if (!c.added().isEmpty()) {
                d.ec2().revokeSecurityGroupIngress(r -> r.groupId(c.groupId()).ipPermissions(c.added()));
            }
            d.ec2().authorizeSecurityGroupIngress(r -> r.groupId(c.groupId()).ipPermissions(c.revoked()));
        }
    }

    @Override
    public Check reverted(Deployment d) {
        int port = port(d);
        boolean open = admits(d, port);
        return new Check(open, "port " + port + (open ? " is admitted again" : " is still admitted by no rule"));
    }

    private boolean admits(Deployment d, int port) {
        return groups(d).stream().flatMap(g -> g.ipPermissions().stream()).anyMatch(p -> IngressRules.admits(p, port));
    }

    private static List<SecurityGroup> groups(Deployment d) {
        List<String> ids = d.instance().securityGroups().stream().map(g -> g.groupId()).toList();
        return d.ec2().describeSecurityGroups(r -> r.groupIds(ids)).securityGroups();
    }

    /** Rules admitting what {@code rule} admitted, except TCP {@code port}. */
    private static List<IpPermission> everythingElse(IpPermission rule, int port, IpRange range) {
        List<IpPermission> out = new ArrayList<>();
        int from = rule.ipProtocol().equals("-1") ? 0 : rule.fromPort();
        int to = rule.ipProtocol().equals("-1") ? 65535 : rule.toPort();
        if (from < port) {
            out.add(tcp(from, port - 1, range));
        }
        if (port < to) {
            out.add(tcp(port + 1, to, range));
        }
        if (rule.ipProtocol().equals("-1")) {
            out.add(IpPermission.builder().ipProtocol("udp").fromPort(0).toPort(65535).ipRanges(range).build());
            out.add(IpPermission.builder().ipProtocol("icmp").fromPort(-1).toPort(-1).ipRanges(range).build());
        }
        return out;
    }

    private static IpPermission tcp(int from, int to, IpRange range) {
        return IpPermission.builder().ipProtocol("tcp").fromPort(from).toPort(to).ipRanges(range).build();
    }
}

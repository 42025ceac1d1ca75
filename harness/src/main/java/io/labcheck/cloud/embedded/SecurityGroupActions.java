package io.labcheck.cloud.embedded;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Create/Describe/DeleteSecurityGroup and Authorize/Revoke SecurityGroup Ingress/Egress. */
final class SecurityGroupActions {
    private static final Set<String> FILTERS = Set.of("group-id", "group-name", "description", "vpc-id", "owner-id",
            "ip-permission.from-port", "ip-permission.cidr");

    static Xml create(Call call) {
        QueryRequest req = call.request();
        RegionState region = call.region();
        String name = req.required("GroupName");
        String description = req.required("GroupDescription");
        String vpcId = req.get("VpcId").map(id -> region.vpc(id).vpcId).orElse(region.defaultVpc.vpcId);
        if (name.equals("default")) {
            throw new Ec2Error("InvalidGroup.Reserved", "The security group 'default' is reserved");
        }
        if (name.startsWith("sg-")) {
            throw new Ec2Error("InvalidParameterValue", "Group names may not be in the format sg-*");
        }
        if (name.length() > 255 || description.length() > 255) {
            throw new Ec2Error("InvalidParameterValue", "Group name and description are limited to 255 characters");
        }
        boolean duplicate = region.groups.values().stream()
                .anyMatch(g -> g.groupName.equals(name) && g.vpcId.equals(vpcId));
        if (duplicate) {
            throw new Ec2Error("InvalidGroup.Duplicate",
                    "The security group '" + name + "' already exists for VPC '" + vpcId + "'");
        }
        SecurityGroupRecord group = new SecurityGroupRecord(Ids.next("sg"), name, description, vpcId, region.ownerId);
        group.egress.add(new Permission(Ids.next("sgr"), "-1", null, null, "0.0.0.0/0", null, null));
        group.tags.putAll(Tags.fromSpecifications(req, "security-group"));
        region.groups.put(group.groupId, group);
        Xml out = call.returnTrue().add("groupId", group.groupId);
        Render.tags(out, group.tags);
        return out;
    }

    static Xml delete(Call call) {
        RegionState region = call.region();
        SecurityGroupRecord group = region.groupFrom(call.request());
        if (group.isDefault()) {
            throw new Ec2Error("CannotDelete", "the specified group: \"" + group.groupId
                    + "\" name: \"default\" cannot be deleted by a user");
        }
        boolean inUse = region.instances.values().stream()
                .anyMatch(i -> i.state != InstanceState.TERMINATED && i.groupIds.contains(group.groupId));
        boolean referenced = region.groups.values().stream().filter(g -> g != group)
                .anyMatch(g -> g.ingress.stream().anyMatch(p -> group.groupId.equals(p.sourceGroupId())));
        if (inUse || referenced) {
            throw new Ec2Error("DependencyViolation", "resource " + group.groupId + " has a dependent object");
        }
        region.groups.remove(group.groupId);
        return call.returnTrue().add("groupId", group.groupId);
    }

    static Xml describe(Call call) {
        QueryRequest req = call.request();
        RegionState region = call.region();
        List<SecurityGroupRecord> selected = new ArrayList<>();
        List<String> ids = req.list("GroupId");
        List<String> names = req.list("GroupName");
        if (ids.isEmpty() && names.isEmpty()) {
            selected.addAll(region.groups.values());
        }
        ids.forEach(id -> selected.add(region.group(id)));
        names.forEach(n -> selected.add(region.groupByName(n)));
        Map<String, List<String>> filters = req.filters();
        Xml out = call.response();
        Xml set = out.child("securityGroupInfo");
        for (SecurityGroupRecord g : selected) {
            if (!Filters.matches(g, filters, FILTERS)) {
                continue;
            }
            Xml item = set.item()
                    .add("ownerId", g.ownerId)
                    .add("groupId", g.groupId)
                    .add("groupName", g.groupName)
                    .add("groupDescription", g.description);
            permissions(item.child("ipPermissions"), g.ingress, g.ownerId);
            permissions(item.child("ipPermissionsEgress"), g.egress, g.ownerId);
            item.add("vpcId", g.vpcId);
            Render.tags(item, g.tags);
        }
        return out;
    }

    /** Groups EC2's flat rules back into IpPermissions: one per protocol and port range. */
    private static void permissions(Xml list, List<Permission> rules, String ownerId) {
        Map<String, List<Permission>> byRange = new LinkedHashMap<>();
        for (Permission p : rules) {
            byRange.computeIfAbsent(p.protocol() + "/" + p.fromPort() + "/" + p.toPort(), k -> new ArrayList<>()).add(p);
        }
        for (List<Permission> same : byRange.values()) {
            Permission first = same.get(0);
            Xml item = list.item().add("ipProtocol", first.protocol());
            if (!first.protocol().equals("-1")) {
                item.add("fromPort", first.fromPort()).add("toPort", first.toPort());
            }
            Xml groups = item.child("groups");
            Xml v4 = item.child("ipRanges");
            Xml v6 = item.child("ipv6Ranges");
            item.child("prefixListIds");
            for (Permission p : same) {
                if (p.sourceGroupId() != null) {
                    groups.item().add("userId", ownerId).add("groupId", p.sourceGroupId()).add("description", p.description());
                } else if (p.cidr().contains(":")) {
                    v6.item().add("cidrIpv6", p.cidr()).add("description", p.description());
                } else {
                    v4.item().add("cidrIp", p.cidr()).add("description", p.description());
                }
            }
        }
    }

    static Xml authorizeIngress(Call call) {
        return authorize(call, true);
    }

    static Xml authorizeEgress(Call call) {
        return authorize(call, false);
    }

    static Xml revokeIngress(Call call) {
        return revoke(call, true);
    }

    static Xml revokeEgress(Call call) {
        return revoke(call, false);
    }

    private static Xml authorize(Call call, boolean ingress) {
        RegionState region = call.region();
        SecurityGroupRecord group = region.groupFrom(call.request());
        List<Permission> requested = requestedPermissions(call.request(), region);
        List<Permission> existing = ingress ? group.ingress : group.egress;
        for (int i = 0; i < requested.size(); i++) {
            Permission p = requested.get(i);
            boolean dup = existing.stream().anyMatch(p::sameRuleAs)
                    || requested.subList(0, i).stream().anyMatch(p::sameRuleAs);
            if (dup) {
                throw new Ec2Error("InvalidPermission.Duplicate",
                        "the specified rule \"" + p.describeForError() + "\" already exists");
            }
        }
        existing.addAll(requested);
        Xml out = call.returnTrue();
        Xml set = out.child("securityGroupRuleSet");
        for (Permission p : requested) {
            Xml item = set.item()
                    .add("securityGroupRuleId", p.ruleId())
                    .add("groupId", group.groupId)
                    .add("groupOwnerId", group.ownerId)
                    .add("isEgress", !ingress)
                    .add("ipProtocol", p.protocol())
                    .add("fromPort", p.protocol().equals("-1") ? -1 : p.fromPort())
                    .add("toPort", p.protocol().equals("-1") ? -1 : p.toPort());
            if (p.sourceGroupId() != null) {
                item.child("referencedGroupInfo").add("groupId", p.sourceGroupId()).add("userId", group.ownerId);
            } else if (p.cidr().contains(":")) {
                item.add("cidrIpv6", p.cidr());
            } else {
                item.add("cidrIpv4", p.cidr());
            }
            item.add("description", p.description());
        }
        return out;
    }

    private static Xml revoke(Call call, boolean ingress) {
        RegionState region = call.region();
        SecurityGroupRecord group = region.groupFrom(call.request());
        List<Permission> requested = requestedPermissions(call.request(), region);
        List<Permission> existing = ingress ? group.ingress : group.egress;
        List<Permission> toRemove = new ArrayList<>();
        for (Permission p : requested) {
            Optional<Permission> match = existing.stream().filter(p::sameRuleAs).findFirst();
            if (match.isEmpty()) {
                throw new Ec2Error("InvalidPermission.NotFound",
                        "The specified rule does not exist in this security group.");
            }
            toRemove.add(match.get());
        }
        existing.removeAll(toRemove);
        return call.returnTrue();
    }

    /** Reads IpPermissions.N (or the legacy top-level IpProtocol/FromPort/ToPort/CidrIp) into flat rules. */
    private static List<Permission> requestedPermissions(QueryRequest req, RegionState region) {
        List<Permission> out = new ArrayList<>();
        List<QueryRequest> perms = req.members("IpPermissions");
        if (perms.isEmpty() && req.get("IpProtocol").isPresent()) {
            String protocol = protocol(req.required("IpProtocol"));
            Integer[] range = ports(protocol, req);
            String cidr = req.get("CidrIp").orElseThrow(() -> Ec2Error.missingParameter("CidrIp"));
            out.add(new Permission(Ids.next("sgr"), protocol, range[0], range[1], cidr(cidr), null, null));
            return out;
        }
        if (perms.isEmpty()) {
            throw Ec2Error.missingParameter("IpPermissions");
        }
        for (QueryRequest perm : perms) {
            String protocol = protocol(perm.required("IpProtocol"));
            Integer[] range = ports(protocol, perm);
            int sources = 0;
            for (QueryRequest r : perm.members("IpRanges")) {
                out.add(new Permission(Ids.next("sgr"), protocol, range[0], range[1], cidr(r.required("CidrIp")), null,
                        r.get("Description").orElse(null)));
                sources++;
            }
            for (QueryRequest r : perm.members("Ipv6Ranges")) {
                out.add(new Permission(Ids.next("sgr"), protocol, range[0], range[1], r.required("CidrIpv6"), null,
                        r.get("Description").orElse(null)));
                sources++;
            }
            for (QueryRequest g : perm.members("Groups")) {
                String groupId = g.get("GroupId").orElseGet(() -> region.groupByName(g.required("GroupName")).groupId);
                region.group(groupId);
                out.add(new Permission(Ids.next("sgr"), protocol, range[0], range[1], null, groupId,
                        g.get("Description").orElse(null)));
                sources++;
            }
            if (sources == 0) {
                throw new Ec2Error("InvalidParameterValue",
                        "Invalid value for IpPermissions: a rule needs a source (IpRanges, Ipv6Ranges or Groups)");
            }
        }
        return out;
    }

    private static String protocol(String raw) {
        return switch (raw.toLowerCase(java.util.Locale.ROOT)) {
            case "tcp", "6" -> "tcp";
            case "udp", "17" -> "udp";
            case "icmp", "1" -> "icmp";
            case "-1", "all" -> "-1";
            default -> throw new Ec2Error("InvalidParameterValue",
                    "Invalid value '" + raw + "' for IP protocol. Unknown protocol.");
        };
    }

    private static Integer[] ports(String protocol, QueryRequest p) {
        if (protocol.equals("-1")) {
            return new Integer[] {null, null};
        }
        if (p.get("FromPort").isEmpty() || p.get("ToPort").isEmpty()) {
            throw new Ec2Error("InvalidParameterValue",
                    "Invalid value 'Must specify both from and to ports with TCP/UDP.' for portRange.");
        }
        int from = p.intValue("FromPort", -1);
        int to = p.intValue("ToPort", -1);
        if (protocol.equals("icmp")) {
            return new Integer[] {from, to};
        }
        if (from < 0 || from > 65535 || to < 0 || to > 65535) {
            throw new Ec2Error("InvalidParameterValue", "Invalid value '" + (from < 0 || from > 65535 ? from : to)
                    + "' for portRange. Must specify a value between 0 and 65535.");
        }
        if (from > to) {
            throw new Ec2Error("InvalidParameterValue",
                    "Invalid TCP/UDP port range: the from port " + from + " is greater than the to port " + to + ".");
        }
        return new Integer[] {from, to};
    }

    private static String cidr(String cidr) {
        if (Cidr.parse(cidr).isEmpty()) {
            throw new Ec2Error("InvalidParameterValue", "CIDR block " + cidr + " is malformed");
        }
        return cidr;
    }

    private SecurityGroupActions() {}
}

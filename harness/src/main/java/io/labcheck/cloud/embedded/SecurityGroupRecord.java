package io.labcheck.cloud.embedded;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

final class SecurityGroupRecord implements Filters.Filterable {
    final String groupId;
    final String groupName;
    final String description;
    final String vpcId;
    final String ownerId;
    final List<Permission> ingress = new ArrayList<>();
    final List<Permission> egress = new ArrayList<>();
    final Map<String, String> tags = new LinkedHashMap<>();

    SecurityGroupRecord(String groupId, String groupName, String description, String vpcId, String ownerId) {
        this.groupId = groupId;
        this.groupName = groupName;
        this.description = description;
        this.vpcId = vpcId;
        this.ownerId = ownerId;
    }

    boolean isDefault() {
        return groupName.equals("default");
    }

    boolean allowsIngress(String protocol, int port, InetAddress source) {
        return ingress.stream().anyMatch(p -> p.allows(protocol, port, source));
    }

    @Override
    public Map<String, List<String>> filterValues() {
        List<String> ports = new ArrayList<>();
        List<String> cidrs = new ArrayList<>();
        for (Permission p : ingress) {
            if (p.fromPort() != null) {
                ports.add(String.valueOf(p.fromPort()));
            }
            if (p.cidr() != null) {
                cidrs.add(p.cidr());
            }
        }
        return Map.of("group-id", List.of(groupId), "group-name", List.of(groupName),
                "description", List.of(description), "vpc-id", List.of(vpcId), "owner-id", List.of(ownerId),
                "ip-permission.from-port", ports, "ip-permission.cidr", cidrs);
    }

    @Override
    public Map<String, String> tags() {
        return tags;
    }
}

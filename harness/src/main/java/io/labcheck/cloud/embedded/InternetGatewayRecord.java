package io.labcheck.cloud.embedded;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An internet gateway: attached to at most one VPC, and only through it do public addresses reach instances. */
final class InternetGatewayRecord implements Filters.Filterable {
    final String internetGatewayId = Ids.next("igw");
    final String ownerId;
    /** The VPC it is attached to, or null. */
    String vpcId;
    final Map<String, String> tags = new LinkedHashMap<>();

    InternetGatewayRecord(String ownerId) {
        this.ownerId = ownerId;
    }

    @Override
    public Map<String, List<String>> filterValues() {
        return Map.of("internet-gateway-id", List.of(internetGatewayId), "owner-id", List.of(ownerId),
                "attachment.vpc-id", vpcId == null ? List.of() : List.of(vpcId),
                "attachment.state", vpcId == null ? List.of() : List.of("available"));
    }

    @Override
    public Map<String, String> tags() {
        return tags;
    }
}

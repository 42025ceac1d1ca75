package io.labcheck.cloud.embedded;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A VPC: its address block and DNS attributes. Its subnets, gateway and route tables refer to it by id. */
final class VpcRecord implements Filters.Filterable {
    final String vpcId = Ids.next("vpc");
    final Cidr cidr;
    final boolean isDefault;
    final String ownerId;
    final String cidrAssociationId = Ids.next("vpc-cidr-assoc");
    boolean dnsSupport = true;
    /** On by default only in a default VPC, as on EC2. */
    boolean dnsHostnames;
    final Map<String, String> tags = new LinkedHashMap<>();

    VpcRecord(Cidr cidr, boolean isDefault, String ownerId) {
        this.cidr = cidr;
        this.isDefault = isDefault;
        this.ownerId = ownerId;
        this.dnsHostnames = isDefault;
    }

    @Override
    public Map<String, List<String>> filterValues() {
        return Map.of("vpc-id", List.of(vpcId), "is-default", List.of(String.valueOf(isDefault)),
                "cidr", List.of(cidr.toString()), "cidr-block-association.cidr-block", List.of(cidr.toString()),
                "state", List.of("available"), "owner-id", List.of(ownerId));
    }

    @Override
    public Map<String, String> tags() {
        return tags;
    }
}

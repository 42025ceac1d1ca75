package io.labcheck.cloud.embedded;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A subnet: a block of its VPC's addresses in one zone, and whether launches in it get a public address. */
final class SubnetRecord implements Filters.Filterable {
    /** EC2 keeps the first four addresses of a subnet and its last. */
    private static final int RESERVED_AT_START = 4;
    final String subnetId = Ids.next("subnet");
    final String vpcId;
    final Cidr cidr;
    final String zone;
    final String zoneId;
    final boolean defaultForAz;
    boolean mapPublicIpOnLaunch;
    final String ownerId;
    private long handedOut;
    final Map<String, String> tags = new LinkedHashMap<>();

    SubnetRecord(String vpcId, Cidr cidr, String zone, String zoneId, boolean defaultForAz, String ownerId) {
        this.vpcId = vpcId;
        this.cidr = cidr;
        this.zone = zone;
        this.zoneId = zoneId;
        this.defaultForAz = defaultForAz;
        this.mapPublicIpOnLaunch = defaultForAz;
        this.ownerId = ownerId;
    }

    /** The next private address; an exhausted subnet answers EC2's error. */
    String nextPrivateIp() {
        long offset = RESERVED_AT_START + handedOut;
        if (offset >= cidr.size() - 1) {
            throw new Ec2Error("InsufficientFreeAddressesInSubnet",
                    "There are not enough free addresses in subnet '" + subnetId + "' to satisfy the requested number of instances.");
        }
        handedOut++;
        return cidr.address(offset);
    }

    long availableAddresses() {
        return Math.max(0, cidr.size() - RESERVED_AT_START - 1 - handedOut);
    }

    String arn(String region) {
        return "arn:aws:ec2:" + region + ":" + ownerId + ":subnet/" + subnetId;
    }

    @Override
    public Map<String, List<String>> filterValues() {
        return Map.of("subnet-id", List.of(subnetId), "vpc-id", List.of(vpcId), "availability-zone", List.of(zone),
                "availability-zone-id", List.of(zoneId), "default-for-az", List.of(String.valueOf(defaultForAz)),
                "cidr-block", List.of(cidr.toString()), "state", List.of("available"),
                "map-public-ip-on-launch", List.of(String.valueOf(mapPublicIpOnLaunch)), "owner-id", List.of(ownerId));
    }

    @Override
    public Map<String, String> tags() {
        return tags;
    }
}

package io.labcheck.cloud.embedded;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

final class AddressRecord implements Filters.Filterable {
    final String allocationId = Ids.next("eipalloc");
    final String publicIp;
    final String networkBorderGroup;
    String associationId;
    String instanceId;
    String privateIp;
    final Map<String, String> tags = new LinkedHashMap<>();

    AddressRecord(String publicIp, String networkBorderGroup) {
        this.publicIp = publicIp;
        this.networkBorderGroup = networkBorderGroup;
    }

    boolean associated() {
        return associationId != null;
    }

    @Override
    public Map<String, List<String>> filterValues() {
        return Map.of("allocation-id", List.of(allocationId), "public-ip", List.of(publicIp),
                "domain", List.of("vpc"),
                "instance-id", instanceId == null ? List.of() : List.of(instanceId),
                "association-id", associationId == null ? List.of() : List.of(associationId),
                "private-ip-address", privateIp == null ? List.of() : List.of(privateIp));
    }

    @Override
    public Map<String, String> tags() {
        return tags;
    }
}

package io.labcheck.cloud.embedded;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A route table: its routes (the VPC's own block is always {@code local}) and the subnets it serves. The main
 * table serves every subnet of its VPC that has no table of its own.
 */
final class RouteTableRecord implements Filters.Filterable {
    static final String LOCAL = "local";

    /** One route: where packets for {@code destination} go; {@code origin} is the action that made it. */
    record Route(Cidr destination, String gatewayId, String origin) {}

    /** A table serving a subnet ({@code subnetId}), or the VPC as its main table ({@code subnetId} null). */
    record Association(String associationId, String subnetId) {
        boolean main() {
            return subnetId == null;
        }
    }

    final String routeTableId = Ids.next("rtb");
    final String vpcId;
    final String ownerId;
    final List<Route> routes = new ArrayList<>();
    final List<Association> associations = new ArrayList<>();
    final Map<String, String> tags = new LinkedHashMap<>();

    RouteTableRecord(VpcRecord vpc, boolean main) {
        this.vpcId = vpc.vpcId;
        this.ownerId = vpc.ownerId;
        routes.add(new Route(vpc.cidr, LOCAL, "CreateRouteTable"));
        if (main) {
            associations.add(new Association(Ids.next("rtbassoc"), null));
        }
    }

    boolean isMain() {
        return associations.stream().anyMatch(Association::main);
    }

    boolean serves(String subnetId) {
        return associations.stream().anyMatch(a -> subnetId.equals(a.subnetId()));
    }

    Optional<Route> route(Cidr destination) {
        return routes.stream().filter(r -> r.destination().equals(destination)).findFirst();
    }

    /** The most specific route whose destination holds {@code address}, as a VPC router picks it. */
    Optional<Route> routeFor(InetAddress address) {
        return routes.stream().filter(r -> r.destination().contains(address))
                .max(Comparator.comparingInt(r -> r.destination().prefix()));
    }

    @Override
    public Map<String, List<String>> filterValues() {
        Map<String, List<String>> v = new LinkedHashMap<>();
        v.put("route-table-id", List.of(routeTableId));
        v.put("vpc-id", List.of(vpcId));
        v.put("owner-id", List.of(ownerId));
        v.put("association.main", List.of(String.valueOf(isMain())));
        v.put("association.subnet-id", associations.stream().map(Association::subnetId)
                .filter(java.util.Objects::nonNull).toList());
        v.put("association.route-table-association-id", associations.stream().map(Association::associationId).toList());
        v.put("route.destination-cidr-block", routes.stream().map(r -> r.destination().toString()).toList());
        v.put("route.gateway-id", routes.stream().map(Route::gatewayId).toList());
        return v;
    }

    @Override
    public Map<String, String> tags() {
        return tags;
    }
}

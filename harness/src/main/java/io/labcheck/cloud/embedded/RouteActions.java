package io.labcheck.cloud.embedded;

import java.util.List;
import java.util.Set;

/**
 * Internet gateways and route tables: what decides whether a subnet is public. A route's state is read from
 * its gateway each time (a detached gateway leaves its routes a blackhole), as EC2 reports it.
 */
final class RouteActions {
    private static final Set<String> GATEWAY_FILTERS = Set.of("internet-gateway-id", "owner-id", "attachment.vpc-id",
            "attachment.state");
    private static final Set<String> TABLE_FILTERS = Set.of("route-table-id", "vpc-id", "owner-id", "association.main",
            "association.subnet-id", "association.route-table-association-id", "route.destination-cidr-block",
            "route.gateway-id");

    static Xml createInternetGateway(Call call) {
        RegionState region = call.region();
        InternetGatewayRecord g = new InternetGatewayRecord(region.ownerId);
        g.tags.putAll(Tags.fromSpecifications(call.request(), "internet-gateway"));
        region.internetGateways.put(g.internetGatewayId, g);
        Xml out = call.response();
        gateway(out.child("internetGateway"), g);
        return out;
    }

    static Xml attachInternetGateway(Call call) {
        QueryRequest req = call.request();
        RegionState region = call.region();
        InternetGatewayRecord g = region.internetGateway(req.required("InternetGatewayId"));
        VpcRecord vpc = region.vpc(req.required("VpcId"));
        if (g.vpcId != null) {
            throw new Ec2Error("Resource.AlreadyAssociated",
                    "resource " + g.internetGatewayId + " is already attached to network " + g.vpcId);
        }
        region.internetGatewayOf(vpc.vpcId).ifPresent(other -> {
            throw new Ec2Error("Resource.AlreadyAssociated",
                    "network " + vpc.vpcId + " already has an internet gateway attached (" + other.internetGatewayId + ")");
        });
        g.vpcId = vpc.vpcId;
        return call.returnTrue();
    }

    /** Detach: refused while public addresses are mapped in the VPC, as EC2 refuses. */
    static Xml detachInternetGateway(Call call) {
        QueryRequest req = call.request();
        RegionState region = call.region();
        InternetGatewayRecord g = region.internetGateway(req.required("InternetGatewayId"));
        VpcRecord vpc = region.vpc(req.required("VpcId"));
        if (!vpc.vpcId.equals(g.vpcId)) {
            throw new Ec2Error("Gateway.NotAttached",
                    "resource " + g.internetGatewayId + " is not attached to network " + vpc.vpcId);
        }
        boolean mapped = region.instances.values().stream().anyMatch(i -> i.vpcId.equals(vpc.vpcId)
                && i.state != InstanceState.TERMINATED && i.publicIp != null);
        if (mapped) {
            throw new Ec2Error("DependencyViolation", "Network " + vpc.vpcId + " has some mapped public address(es). "
                    + "Please unmap those public address(es) before detaching the gateway.");
        }
        g.vpcId = null;
        return call.returnTrue();
    }

    static Xml deleteInternetGateway(Call call) {
        RegionState region = call.region();
        InternetGatewayRecord g = region.internetGateway(call.request().required("InternetGatewayId"));
        if (g.vpcId != null) {
            throw new Ec2Error("DependencyViolation",
                    "The internetGateway '" + g.internetGatewayId + "' has dependencies and cannot be deleted.");
        }
        region.internetGateways.remove(g.internetGatewayId);
        return call.returnTrue();
    }

    static Xml describeInternetGateways(Call call) {
        RegionState region = call.region();
        Xml out = call.response();
        Xml set = out.child("internetGatewaySet");
        Filters.select(call, "InternetGatewayId", region.internetGateways.values(), region::internetGateway, GATEWAY_FILTERS).forEach(r -> gateway(set.item(), r));
        return out;
    }

    private static void gateway(Xml item, InternetGatewayRecord g) {
        item.add("internetGatewayId", g.internetGatewayId).add("ownerId", g.ownerId);
        Xml attachments = item.child("attachmentSet");
        if (g.vpcId != null) {
            attachments.item().add("vpcId", g.vpcId).add("state", "available");
        }
        Render.tags(item, g.tags);
    }

    static Xml createRouteTable(Call call) {
        RegionState region = call.region();
        VpcRecord vpc = region.vpc(call.request().required("VpcId"));
        RouteTableRecord t = new RouteTableRecord(vpc, false);
        t.tags.putAll(Tags.fromSpecifications(call.request(), "route-table"));
        region.routeTables.put(t.routeTableId, t);
        Xml out = call.response();
        table(out.child("routeTable"), t, region);
        return out;
    }

    static Xml deleteRouteTable(Call call) {
        RegionState region = call.region();
        RouteTableRecord t = region.routeTable(call.request().required("RouteTableId"));
        if (!t.associations.isEmpty()) {
            throw new Ec2Error("DependencyViolation",
                    "The routeTable '" + t.routeTableId + "' has dependencies and cannot be deleted.");
        }
        region.routeTables.remove(t.routeTableId);
        return call.returnTrue();
    }

    static Xml describeRouteTables(Call call) {
        RegionState region = call.region();
        Xml out = call.response();
        Xml set = out.child("routeTableSet");
        Filters.select(call, "RouteTableId", region.routeTables.values(), region::routeTable, TABLE_FILTERS).forEach(r -> table(set.item(), r, region));
        return out;
    }

    private static void table(Xml item, RouteTableRecord t, RegionState region) {
        item.add("routeTableId", t.routeTableId).add("vpcId", t.vpcId).add("ownerId", t.ownerId);
        Xml routes = item.child("routeSet");
        for (RouteTableRecord.Route r : t.routes) {
            routes.item().add("destinationCidrBlock", r.destination().toString()).add("gatewayId", r.gatewayId())
                    .add("state", region.active(t, r) ? "active" : "blackhole").add("origin", r.origin());
        }
        Xml associations = item.child("associationSet");
        for (RouteTableRecord.Association a : t.associations) {
            Xml x = associations.item().add("routeTableAssociationId", a.associationId())
                    .add("routeTableId", t.routeTableId).add("subnetId", a.subnetId()).add("main", a.main());
            x.child("associationState").add("state", "associated");
        }
        item.child("propagatingVgwSet");
        Render.tags(item, t.tags);
    }

    /** CreateRoute to an internet gateway; the gateway must be attached to the table's VPC. */
    static Xml createRoute(Call call) {
        QueryRequest req = call.request();
        RegionState region = call.region();
        RouteTableRecord t = region.routeTable(req.required("RouteTableId"));
        String text = req.required("DestinationCidrBlock");
        Cidr destination = Cidr.required(text, "destinationCidrBlock");
        String gatewayId = req.get("GatewayId").orElseThrow(() -> new Ec2Error("MissingParameter",
                "The request must contain exactly one of gatewayId, natGatewayId, networkInterfaceId, "
                        + "vpcPeeringConnectionId, transitGatewayId or instanceId; this emulator routes to internet gateways."));
        InternetGatewayRecord g = region.internetGateways.get(gatewayId);
        if (g == null) {
            throw new Ec2Error("InvalidGatewayID.NotFound", "The gateway ID '" + gatewayId + "' does not exist");
        }
        if (!t.vpcId.equals(g.vpcId)) {
            throw new Ec2Error("InvalidParameterValue", "route table " + t.routeTableId + " and network gateway "
                    + gatewayId + " belong to different networks");
        }
        if (t.route(destination).isPresent()) {
            throw new Ec2Error("RouteAlreadyExists", "The route identified by " + text + " already exists.");
        }
        t.routes.add(new RouteTableRecord.Route(destination, gatewayId, "CreateRoute"));
        return call.returnTrue();
    }

    static Xml deleteRoute(Call call) {
        QueryRequest req = call.request();
        RouteTableRecord t = call.region().routeTable(req.required("RouteTableId"));
        String text = req.required("DestinationCidrBlock");
        Cidr destination = Cidr.required(text, "destinationCidrBlock");
        RouteTableRecord.Route route = t.route(destination).orElseThrow(() -> new Ec2Error("InvalidRoute.NotFound",
                "no route with destination-cidr-block " + text + " in route table " + t.routeTableId));
        if (route.gatewayId().equals(RouteTableRecord.LOCAL)) {
            throw new Ec2Error("InvalidParameterValue", "cannot remove local route " + text + " in route table "
                    + t.routeTableId);
        }
        t.routes.remove(route);
        return call.returnTrue();
    }

    static Xml associateRouteTable(Call call) {
        QueryRequest req = call.request();
        RegionState region = call.region();
        RouteTableRecord t = region.routeTable(req.required("RouteTableId"));
        SubnetRecord subnet = region.subnet(req.required("SubnetId"));
        if (!subnet.vpcId.equals(t.vpcId)) {
            throw new Ec2Error("InvalidParameterValue", "Route table " + t.routeTableId + " and subnet "
                    + subnet.subnetId + " belong to different networks");
        }
        region.routeTables.values().stream().filter(other -> other.serves(subnet.subnetId)).findFirst()
                .ifPresent(other -> {
                    throw new Ec2Error("Resource.AlreadyAssociated", "the specified association for route table "
                            + other.routeTableId + " conflicts with an existing association");
                });
        RouteTableRecord.Association a = new RouteTableRecord.Association(Ids.next("rtbassoc"), subnet.subnetId);
        t.associations.add(a);
        Xml out = call.response().add("associationId", a.associationId());
        out.child("associationState").add("state", "associated");
        return out;
    }

    static Xml disassociateRouteTable(Call call) {
        RegionState region = call.region();
        String id = call.request().required("AssociationId");
        for (RouteTableRecord t : region.routeTables.values()) {
            for (RouteTableRecord.Association a : t.associations) {
                if (a.associationId().equals(id)) {
                    if (a.main()) {
                        throw new Ec2Error("InvalidParameterValue",
                                "cannot disassociate the main route table association " + id);
                    }
                    t.associations.remove(a);
                    return call.returnTrue();
                }
            }
        }
        throw new Ec2Error("InvalidAssociationID.NotFound", "The association ID '" + id + "' does not exist");
    }

    private RouteActions() {}
}

package io.labcheck.cloud.embedded;

import java.util.List;
import java.util.Set;

/** VPCs and their subnets: create, describe, the attributes a VPC lab sets, and delete with EC2's dependency rules. */
final class VpcActions {
    private static final Set<String> VPC_FILTERS = Set.of("vpc-id", "is-default", "cidr",
            "cidr-block-association.cidr-block", "state", "owner-id");
    private static final Set<String> SUBNET_FILTERS = Set.of("subnet-id", "vpc-id", "availability-zone",
            "availability-zone-id", "default-for-az", "cidr-block", "state", "map-public-ip-on-launch", "owner-id");
    /** EC2 takes VPC and subnet blocks from /16 to /28. */
    private static final int WIDEST = 16;
    private static final int NARROWEST = 28;

    static Xml createVpc(Call call) {
        QueryRequest req = call.request();
        String text = req.required("CidrBlock");
        Cidr cidr = Cidr.required(text, "cidrBlock");
        if (cidr.prefix() < WIDEST || cidr.prefix() > NARROWEST) {
            throw new Ec2Error("InvalidVpc.Range", "The CIDR '" + text + "' is invalid.");
        }
        RegionState region = call.region();
        VpcRecord vpc = new VpcRecord(cidr, false, region.ownerId);
        vpc.tags.putAll(Tags.fromSpecifications(req, "vpc"));
        region.addVpc(vpc);
        Xml out = call.response();
        vpc(out.child("vpc"), vpc);
        return out;
    }

    static Xml describeVpcs(Call call) {
        RegionState region = call.region();
        Xml out = call.response();
        Xml set = out.child("vpcSet");
        Filters.select(call, "VpcId", region.vpcs.values(), region::vpc, VPC_FILTERS).forEach(r -> vpc(set.item(), r));
        return out;
    }

    private static void vpc(Xml item, VpcRecord v) {
        item.add("vpcId", v.vpcId).add("ownerId", v.ownerId).add("state", "available")
                .add("cidrBlock", v.cidr.toString()).add("dhcpOptionsId", "dopt-0c1d2e3f40a5b6c7d")
                .add("instanceTenancy", "default").add("isDefault", v.isDefault);
        item.child("cidrBlockAssociationSet").item().add("associationId", v.cidrAssociationId)
                .add("cidrBlock", v.cidr.toString()).child("cidrBlockState").add("state", "associated");
        Render.tags(item, v.tags);
    }

    /** DeleteVpc: refused while anything the user made in it remains, as EC2 refuses. */
    static Xml deleteVpc(Call call) {
        RegionState region = call.region();
        VpcRecord vpc = region.vpc(call.request().required("VpcId"));
        String id = vpc.vpcId;
        boolean dependents = region.subnets.values().stream().anyMatch(s -> s.vpcId.equals(id))
                || region.internetGatewayOf(id).isPresent()
                || region.groups.values().stream().anyMatch(g -> g.vpcId.equals(id) && !g.isDefault())
                || region.routeTables.values().stream().anyMatch(t -> t.vpcId.equals(id) && !t.isMain());
        if (dependents) {
            throw new Ec2Error("DependencyViolation", "The vpc '" + id + "' has dependencies and cannot be deleted.");
        }
        region.groups.values().removeIf(g -> g.vpcId.equals(id));
        region.routeTables.values().removeIf(t -> t.vpcId.equals(id));
        region.vpcs.remove(id);
        return call.returnTrue();
    }

    static Xml modifyVpcAttribute(Call call) {
        QueryRequest req = call.request();
        VpcRecord vpc = call.region().vpc(req.required("VpcId"));
        boolean support = req.get("EnableDnsSupport.Value").isPresent();
        boolean hostnames = req.get("EnableDnsHostnames.Value").isPresent();
        if (support == hostnames) {
            throw new Ec2Error("InvalidParameterCombination",
                    "Exactly one of EnableDnsSupport and EnableDnsHostnames must be given per call.");
        }
        if (support) {
            vpc.dnsSupport = req.bool("EnableDnsSupport.Value", true);
        } else {
            boolean value = req.bool("EnableDnsHostnames.Value", false);
            if (value && !vpc.dnsSupport) {
                throw new Ec2Error("InvalidParameterValue",
                        "enableDnsHostnames cannot be true while enableDnsSupport is false for vpc " + vpc.vpcId);
            }
            vpc.dnsHostnames = value;
        }
        return call.returnTrue();
    }

    static Xml describeVpcAttribute(Call call) {
        QueryRequest req = call.request();
        VpcRecord vpc = call.region().vpc(req.required("VpcId"));
        String attribute = req.required("Attribute");
        boolean value = switch (attribute) {
            case "enableDnsSupport" -> vpc.dnsSupport;
            case "enableDnsHostnames" -> vpc.dnsHostnames;
            default -> throw Ec2Error.invalidValue("Attribute", attribute);
        };
        Xml out = call.response().add("vpcId", vpc.vpcId);
        out.child(attribute).add("value", value);
        return out;
    }

    static Xml createSubnet(Call call) {
        QueryRequest req = call.request();
        RegionState region = call.region();
        VpcRecord vpc = region.vpc(req.required("VpcId"));
        String text = req.required("CidrBlock");
        Cidr cidr = Cidr.required(text, "cidrBlock");
        if (cidr.prefix() < WIDEST || cidr.prefix() > NARROWEST || !vpc.cidr.contains(cidr)) {
            throw new Ec2Error("InvalidSubnet.Range", "The CIDR '" + text + "' is invalid.");
        }
        boolean conflict = region.subnets.values().stream()
                .anyMatch(s -> s.vpcId.equals(vpc.vpcId) && s.cidr.overlaps(cidr));
        if (conflict) {
            throw new Ec2Error("InvalidSubnet.Conflict", "The CIDR '" + text + "' conflicts with another subnet");
        }
        List<String> zones = region.region.zoneNames();
        String zone = req.get("AvailabilityZone").orElse(zones.get(0));
        int index = zones.indexOf(zone);
        if (index < 0) {
            throw new Ec2Error("InvalidParameterValue", "Value (" + zone + ") for parameter availabilityZone is invalid. "
                    + "Subnets can currently only be created in the following availability zones: "
                    + String.join(", ", zones) + ".");
        }
        SubnetRecord subnet = new SubnetRecord(vpc.vpcId, cidr, zone, region.region.zoneIdPrefix() + (index + 1), false,
                region.ownerId);
        subnet.tags.putAll(Tags.fromSpecifications(req, "subnet"));
        region.subnets.put(subnet.subnetId, subnet);
        Xml out = call.response();
        subnet(out.child("subnet"), subnet, region);
        return out;
    }

    static Xml describeSubnets(Call call) {
        RegionState region = call.region();
        Xml out = call.response();
        Xml set = out.child("subnetSet");
        Filters.select(call, "SubnetId", region.subnets.values(), region::subnet, SUBNET_FILTERS).forEach(r -> subnet(set.item(), r, region));
        return out;
    }

    private static void subnet(Xml item, SubnetRecord s, RegionState region) {
        item.add("subnetId", s.subnetId).add("state", "available").add("vpcId", s.vpcId)
                .add("cidrBlock", s.cidr.toString()).add("availableIpAddressCount", s.availableAddresses())
                .add("availabilityZone", s.zone).add("availabilityZoneId", s.zoneId)
                .add("defaultForAz", s.defaultForAz).add("mapPublicIpOnLaunch", s.mapPublicIpOnLaunch)
                .add("ownerId", s.ownerId).add("assignIpv6AddressOnCreation", false)
                .add("subnetArn", s.arn(region.region.name()));
        Render.tags(item, s.tags);
    }

    static Xml modifySubnetAttribute(Call call) {
        QueryRequest req = call.request();
        SubnetRecord subnet = call.region().subnet(req.required("SubnetId"));
        if (req.get("MapPublicIpOnLaunch.Value").isEmpty()) {
            throw Ec2Error.missingParameter("MapPublicIpOnLaunch");
        }
        subnet.mapPublicIpOnLaunch = req.bool("MapPublicIpOnLaunch.Value", false);
        return call.returnTrue();
    }

    /** DeleteSubnet: refused while an instance is in it; its own route table association goes with it. */
    static Xml deleteSubnet(Call call) {
        RegionState region = call.region();
        SubnetRecord subnet = region.subnet(call.request().required("SubnetId"));
        boolean inUse = region.instances.values().stream()
                .anyMatch(i -> i.state != InstanceState.TERMINATED && i.subnetId.equals(subnet.subnetId));
        if (inUse) {
            throw new Ec2Error("DependencyViolation",
                    "The subnet '" + subnet.subnetId + "' has dependencies and cannot be deleted.");
        }
        region.routeTables.values().forEach(t -> t.associations.removeIf(a -> subnet.subnetId.equals(a.subnetId())));
        region.subnets.remove(subnet.subnetId);
        return call.returnTrue();
    }

    private VpcActions() {}
}

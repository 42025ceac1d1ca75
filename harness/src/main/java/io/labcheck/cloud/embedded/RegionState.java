package io.labcheck.cloud.embedded;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one region holds, as on EC2 where key pairs, groups, instances and addresses are all
 * regional. Callers hold the emulator's lock; nothing here is thread-safe on its own.
 */
final class RegionState {
    final Catalog.Region region;
    final String ownerId;
    final Map<String, KeyPairRecord> keyPairs = new LinkedHashMap<>();
    final Map<String, SecurityGroupRecord> groups = new LinkedHashMap<>();
    final Map<String, InstanceRecord> instances = new LinkedHashMap<>();
    final Map<String, AddressRecord> addresses = new LinkedHashMap<>();
    final Map<String, VolumeRecord> volumes = new LinkedHashMap<>();
    final Map<String, VpcRecord> vpcs = new LinkedHashMap<>();
    final Map<String, SubnetRecord> subnets = new LinkedHashMap<>();
    final Map<String, InternetGatewayRecord> internetGateways = new LinkedHashMap<>();
    final Map<String, RouteTableRecord> routeTables = new LinkedHashMap<>();
    /** The default VPC every account has in every region: a subnet per zone, routed to an internet gateway. */
    final VpcRecord defaultVpc;

    RegionState(Catalog.Region region, String ownerId) {
        this.region = region;
        this.ownerId = ownerId;
        defaultVpc = addVpc(new VpcRecord(Cidr.parse("172.31.0.0/16").orElseThrow(), true, ownerId));
        List<String> zones = region.zoneNames();
        for (int i = 0; i < zones.size(); i++) {
            SubnetRecord s = new SubnetRecord(defaultVpc.vpcId, Cidr.parse("172.31." + (16 * i) + ".0/20").orElseThrow(),
                    zones.get(i), region.zoneIdPrefix() + (i + 1), true, ownerId);
            subnets.put(s.subnetId, s);
        }
        InternetGatewayRecord igw = new InternetGatewayRecord(ownerId);
        igw.vpcId = defaultVpc.vpcId;
        internetGateways.put(igw.internetGatewayId, igw);
        mainRouteTable(defaultVpc.vpcId).routes.add(new RouteTableRecord.Route(Cidr.parse("0.0.0.0/0").orElseThrow(),
                igw.internetGatewayId, "CreateRoute"));
    }

    /** Adds a VPC with what EC2 creates with it: its main route table and its default security group. */
    VpcRecord addVpc(VpcRecord vpc) {
        vpcs.put(vpc.vpcId, vpc);
        RouteTableRecord main = new RouteTableRecord(vpc, true);
        routeTables.put(main.routeTableId, main);
        SecurityGroupRecord group = new SecurityGroupRecord(Ids.next("sg"), "default", "default VPC security group",
                vpc.vpcId, ownerId);
        group.ingress.add(new Permission(Ids.next("sgr"), "-1", null, null, null, group.groupId, null));
        group.egress.add(new Permission(Ids.next("sgr"), "-1", null, null, "0.0.0.0/0", null, null));
        groups.put(group.groupId, group);
        return vpc;
    }

    VpcRecord vpc(String id) {
        return found(vpcs, id, "vpc", "InvalidVpcID.NotFound", "The vpc ID '");
    }

    SubnetRecord subnet(String id) {
        return found(subnets, id, "subnet", "InvalidSubnetID.NotFound", "The subnet ID '");
    }

    InternetGatewayRecord internetGateway(String id) {
        return found(internetGateways, id, "igw", "InvalidInternetGatewayID.NotFound", "The internetGateway ID '");
    }

    RouteTableRecord routeTable(String id) {
        return found(routeTables, id, "rtb", "InvalidRouteTableID.NotFound", "The routeTable ID '");
    }

    /** The resource {@code id} names, or EC2's not-found error for it (a malformed id is not found either). */
    private static <T> T found(Map<String, T> resources, String id, String prefix, String code, String says) {
        T r = Ids.wellFormed(id, prefix) ? resources.get(id) : null;
        if (r == null) {
            throw new Ec2Error(code, says + id + "' does not exist");
        }
        return r;
    }

    /** The default subnet of {@code zone} in the default VPC. */
    Optional<SubnetRecord> defaultSubnet(String zone) {
        return subnets.values().stream().filter(s -> s.defaultForAz && s.zone.equals(zone)).findFirst();
    }

    SecurityGroupRecord defaultGroupOf(String vpcId) {
        return groups.values().stream().filter(g -> g.isDefault() && g.vpcId.equals(vpcId)).findFirst()
                .orElseThrow(() -> new IllegalStateException("VPC " + vpcId + " has no default security group"));
    }

    RouteTableRecord mainRouteTable(String vpcId) {
        return routeTables.values().stream().filter(t -> t.vpcId.equals(vpcId) && t.isMain()).findFirst()
                .orElseThrow(() -> new IllegalStateException("VPC " + vpcId + " has no main route table"));
    }

    /** The table a subnet's packets are routed by: its own, or else its VPC's main table. */
    RouteTableRecord routeTableOf(SubnetRecord subnet) {
        return routeTables.values().stream().filter(t -> t.serves(subnet.subnetId)).findFirst()
                .orElseGet(() -> mainRouteTable(subnet.vpcId));
    }

    Optional<InternetGatewayRecord> internetGatewayOf(String vpcId) {
        return internetGateways.values().stream().filter(g -> vpcId.equals(g.vpcId)).findFirst();
    }

    /** Whether a route sends packets from the VPC to a gateway: the igw exists and is attached to that VPC. */
    boolean active(RouteTableRecord table, RouteTableRecord.Route route) {
        if (route.gatewayId().equals(RouteTableRecord.LOCAL)) {
            return true;
        }
        InternetGatewayRecord g = internetGateways.get(route.gatewayId());
        return g != null && table.vpcId.equals(g.vpcId);
    }

    /**
     * Whether packets between the internet host {@code source} and this instance's public address flow: its
     * subnet's table must send the answer to {@code source} to an internet gateway attached to its VPC. Without
     * that, EC2 silently drops the traffic; the address exists but nothing reaches the instance.
     */
    boolean routedFromInternet(InstanceRecord instance, java.net.InetAddress source) {
        SubnetRecord subnet = subnets.get(instance.subnetId);
        if (subnet == null) {
            return false;
        }
        RouteTableRecord table = routeTableOf(subnet);
        return table.routeFor(source)
                .filter(r -> !r.gatewayId().equals(RouteTableRecord.LOCAL) && active(table, r))
                .isPresent();
    }

    InstanceRecord instance(String id) {
        if (!Ids.wellFormed(id, "i")) {
            throw Ec2Error.malformedId("InvalidInstanceID.Malformed", id);
        }
        InstanceRecord i = instances.get(id);
        if (i == null) {
            throw new Ec2Error("InvalidInstanceID.NotFound", "The instance ID '" + id + "' does not exist");
        }
        return i;
    }

    SecurityGroupRecord group(String id) {
        if (!Ids.wellFormed(id, "sg")) {
            throw new Ec2Error("InvalidGroupId.Malformed", "Invalid id: \"" + id + "\" (expecting \"sg-...\")");
        }
        SecurityGroupRecord g = groups.get(id);
        if (g == null) {
            throw new Ec2Error("InvalidGroup.NotFound", "The security group '" + id + "' does not exist");
        }
        return g;
    }

    SecurityGroupRecord groupByName(String name) {
        // A group named without an id is looked up in the default VPC, as EC2 does.
        return groups.values().stream().filter(g -> g.groupName.equals(name) && g.vpcId.equals(defaultVpc.vpcId))
                .findFirst()
                .orElseThrow(() -> new Ec2Error("InvalidGroup.NotFound",
                        "The security group '" + name + "' does not exist in default VPC '" + defaultVpc.vpcId + "'"));
    }

    /** Resolves {@code GroupId} or else {@code GroupName}, as the security-group actions accept either. */
    SecurityGroupRecord groupFrom(QueryRequest req) {
        Optional<String> id = req.get("GroupId");
        if (id.isPresent()) {
            return group(id.get());
        }
        Optional<String> name = req.get("GroupName");
        if (name.isPresent()) {
            return groupByName(name.get());
        }
        throw Ec2Error.missingParameter("GroupId");
    }

    AddressRecord address(String allocationId) {
        AddressRecord a = addresses.get(allocationId);
        if (a == null) {
            throw new Ec2Error("InvalidAllocationID.NotFound", "The allocation ID '" + allocationId + "' does not exist");
        }
        return a;
    }

    Optional<AddressRecord> addressOf(InstanceRecord instance) {
        return addresses.values().stream().filter(a -> instance.instanceId.equals(a.instanceId)).findFirst();
    }

    /**
     * Completes every transition whose time has come and whose data-plane work is done; EC2's state
     * machine. Returns whether any instance changed state.
     */
    boolean advance(Instant now) {
        boolean changed = false;
        for (InstanceRecord i : instances.values()) {
            if (!i.transitionDue(now)) {
                continue;
            }
            changed = true;
            InstanceState to = i.target;
            Throwable failure = backingFailure(i);
            i.target = null;
            i.transitionDue = null;
            i.backing = null;
            if (failure != null && to == InstanceState.RUNNING) {
                // EC2 terminates an instance that fails to launch, and says why in its state reason; one that
                // fails to start again goes back to stopped.
                to = i.everRan ? InstanceState.STOPPED : InstanceState.TERMINATED;
                i.failureMessage = "Server.InternalError: the instance's host did not start: " + failure.getMessage();
            } else if (failure != null) {
                org.slf4j.LoggerFactory.getLogger(RegionState.class).warn("{}: the host did not complete {}: {}",
                        i.instanceId, to.apiName, failure.toString());
            }
            if (to == InstanceState.RUNNING) {
                i.everRan = true;
                i.failureMessage = null;
            }
            i.state = to;
            switch (to) {
                case RUNNING -> {
                    i.stateReasonCode = null;
                    i.stateReasonMessage = null;
                }
                case STOPPED -> {
                    if (addressOf(i).isEmpty()) {
                        i.publicIp = null; // a plain public IP does not survive a stop
                    }
                    i.stateReasonCode = i.failureMessage == null ? "Client.UserInitiatedShutdown" : "Server.InternalError";
                    i.stateReasonMessage = i.failureMessage == null
                            ? "Client.UserInitiatedShutdown: User initiated shutdown" : i.failureMessage;
                }
                case TERMINATED -> {
                    addressOf(i).ifPresent(a -> {
                        a.associationId = null;
                        a.instanceId = null;
                        a.privateIp = null;
                    });
                    i.publicIp = null;
                    for (String volumeId : i.volumeIds) {
                        VolumeRecord v = volumes.get(volumeId);
                        if (v != null && v.deleteOnTermination) {
                            volumes.remove(volumeId);
                        } else if (v != null) {
                            v.state = "available";
                            v.attachedInstanceId = null;
                        }
                    }
                    i.stateReasonCode = i.failureMessage == null ? "Client.UserInitiatedShutdown" : "Server.InternalError";
                    i.stateReasonMessage = i.failureMessage == null
                            ? "Client.UserInitiatedShutdown: User initiated shutdown" : i.failureMessage;
                }
                default -> { }
            }
        }
        return changed;
    }

    private static Throwable backingFailure(InstanceRecord i) {
        if (i.backing == null || !i.backing.isCompletedExceptionally()) {
            return null;
        }
        try {
            i.backing.join();
            return null;
        } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
            return e.getCause() == null ? e : e.getCause();
        }
    }
}

package io.labcheck.cloud.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Elastic IPs: Allocate, Associate, Disassociate, Release, Describe. */
final class AddressActions {
    private static final Set<String> FILTERS = Set.of("allocation-id", "public-ip", "domain", "instance-id",
            "association-id", "private-ip-address");

    static Xml allocate(Call call) {
        RegionState region = call.region();
        String domain = call.request().get("Domain").orElse("vpc");
        if (!domain.equals("vpc") && !domain.equals("standard")) {
            throw Ec2Error.invalidValue("Domain", domain);
        }
        AddressRecord a = new AddressRecord(call.pool().nextAddress(), region.region.name());
        a.tags.putAll(Tags.fromSpecifications(call.request(), "elastic-ip"));
        region.addresses.put(a.allocationId, a);
        Xml out = call.response()
                .add("publicIp", a.publicIp)
                .add("domain", "vpc")
                .add("allocationId", a.allocationId)
                .add("publicIpv4Pool", "amazon")
                .add("networkBorderGroup", a.networkBorderGroup);
        return out;
    }

    static Xml associate(Call call) {
        QueryRequest req = call.request();
        RegionState region = call.region();
        AddressRecord a = req.get("AllocationId").map(region::address)
                .orElseGet(() -> byPublicIp(region, req.required("PublicIp")));
        InstanceRecord instance = region.instance(req.required("InstanceId"));
        if (instance.state == InstanceState.TERMINATED || instance.state == InstanceState.SHUTTING_DOWN) {
            throw new Ec2Error("IncorrectInstanceState", "The instance '" + instance.instanceId
                    + "' is not in a valid state for this operation.");
        }
        if (a.associated() && !instance.instanceId.equals(a.instanceId) && !req.bool("AllowReassociation", false)) {
            throw new Ec2Error("Resource.AlreadyAssociated",
                    "resource " + a.allocationId + " is already associated with associate-id " + a.associationId);
        }
        if (a.associated() && !instance.instanceId.equals(a.instanceId)) {
            detach(region, a, call);
        }
        if (region.internetGatewayOf(instance.vpcId).isEmpty()) {
            throw new Ec2Error("Gateway.NotAttached",
                    "Network " + instance.vpcId + " is not attached to any internet gateway");
        }
        // An instance has one public address: an Elastic IP replaces the one it had.
        Optional<AddressRecord> previous = region.addressOf(instance);
        previous.filter(p -> p != a).ifPresent(p -> {
            p.associationId = null;
            p.instanceId = null;
            p.privateIp = null;
        });
        if (!a.associated()) {
            a.associationId = Ids.next("eipassoc");
        }
        a.instanceId = instance.instanceId;
        a.privateIp = instance.privateIp;
        instance.publicIp = a.publicIp;
        return call.returnTrue().add("associationId", a.associationId);
    }

    static Xml disassociate(Call call) {
        QueryRequest req = call.request();
        RegionState region = call.region();
        AddressRecord a;
        Optional<String> associationId = req.get("AssociationId");
        if (associationId.isPresent()) {
            a = region.addresses.values().stream().filter(x -> associationId.get().equals(x.associationId)).findFirst()
                    .orElseThrow(() -> new Ec2Error("InvalidAssociationID.NotFound",
                            "The association ID '" + associationId.get() + "' does not exist"));
        } else {
            a = byPublicIp(region, req.required("PublicIp"));
            if (!a.associated()) {
                throw new Ec2Error("InvalidAssociationID.NotFound",
                        "The address '" + a.publicIp + "' is not associated with an instance");
            }
        }
        detach(region, a, call);
        return call.returnTrue();
    }

    /** Takes the address off its instance; a running instance gets a fresh plain public IP back. */
    private static void detach(RegionState region, AddressRecord a, Call call) {
        InstanceRecord instance = region.instances.get(a.instanceId);
        a.associationId = null;
        a.instanceId = null;
        a.privateIp = null;
        if (instance != null) {
            boolean up = instance.state == InstanceState.RUNNING || instance.state == InstanceState.PENDING;
            instance.publicIp = up && instance.assignPublicIp ? call.pool().nextAddress() : null;
        }
    }

    static Xml release(Call call) {
        RegionState region = call.region();
        QueryRequest req = call.request();
        AddressRecord a = req.get("AllocationId").map(region::address)
                .orElseGet(() -> byPublicIp(region, req.required("PublicIp")));
        if (a.associated()) {
            throw new Ec2Error("InvalidIPAddress.InUse", "Address " + a.publicIp + " is in use.");
        }
        region.addresses.remove(a.allocationId);
        return call.returnTrue();
    }

    static Xml describe(Call call) {
        QueryRequest req = call.request();
        RegionState region = call.region();
        List<AddressRecord> selected = new ArrayList<>();
        List<String> ids = req.list("AllocationId");
        List<String> ips = req.list("PublicIp");
        if (ids.isEmpty() && ips.isEmpty()) {
            selected.addAll(region.addresses.values());
        }
        ids.forEach(id -> selected.add(region.address(id)));
        ips.forEach(ip -> selected.add(byPublicIp(region, ip)));
        Map<String, List<String>> filters = req.filters();
        Xml out = call.response();
        Xml set = out.child("addressesSet");
        for (AddressRecord a : selected) {
            if (!Filters.matches(a, filters, FILTERS)) {
                continue;
            }
            InstanceRecord instance = a.instanceId == null ? null : region.instances.get(a.instanceId);
            Xml item = set.item()
                    .add("publicIp", a.publicIp)
                    .add("allocationId", a.allocationId)
                    .add("domain", "vpc")
                    .add("instanceId", a.instanceId)
                    .add("associationId", a.associationId)
                    .add("networkInterfaceId", instance == null ? null : instance.networkInterfaceId)
                    .add("networkInterfaceOwnerId", instance == null ? null : instance.ownerId)
                    .add("privateIpAddress", a.privateIp);
            Render.tags(item, a.tags);
            item.add("publicIpv4Pool", "amazon").add("networkBorderGroup", a.networkBorderGroup);
        }
        return out;
    }

    private static AddressRecord byPublicIp(RegionState region, String ip) {
        return region.addresses.values().stream().filter(a -> a.publicIp.equals(ip)).findFirst()
                .orElseThrow(() -> new Ec2Error("InvalidAddress.NotFound", "Address '" + ip + "' not found."));
    }

    private AddressActions() {}
}

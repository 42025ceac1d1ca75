package io.labcheck.cloud.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The default VPC and its subnets, and the EBS volumes instances run on. */
final class NetworkActions {
    private static final Set<String> VOLUME_FILTERS = Set.of("volume-id", "size", "volume-type", "status",
            "availability-zone", "attachment.instance-id");

    static Xml vpcs(Call call) {
        RegionState region = call.region();
        for (String id : call.request().list("VpcId")) {
            if (!id.equals(region.vpcId)) {
                throw new Ec2Error("InvalidVpcID.NotFound", "The vpc ID '" + id + "' does not exist");
            }
        }
        Map<String, List<String>> values = Map.of("vpc-id", List.of(region.vpcId), "is-default", List.of("true"),
                "cidr", List.of(region.vpcCidr), "state", List.of("available"), "owner-id", List.of(region.ownerId));
        Xml out = call.response();
        Xml set = out.child("vpcSet");
        if (CatalogActions.matches(values, call.request().filters())) {
            set.item().add("vpcId", region.vpcId).add("ownerId", region.ownerId).add("state", "available")
                    .add("cidrBlock", region.vpcCidr).add("dhcpOptionsId", "dopt-0c1d2e3f40a5b6c7d")
                    .add("instanceTenancy", "default").add("isDefault", true);
        }
        return out;
    }

    static Xml subnets(Call call) {
        RegionState region = call.region();
        List<String> ids = call.request().list("SubnetId");
        for (String id : ids) {
            if (region.zoneOfSubnet(id).isEmpty()) {
                throw new Ec2Error("InvalidSubnetID.NotFound", "The subnet ID '" + id + "' does not exist");
            }
        }
        Xml out = call.response();
        Xml set = out.child("subnetSet");
        List<String> zones = region.region.zoneNames();
        for (int i = 0; i < zones.size(); i++) {
            String zone = zones.get(i);
            String subnetId = region.subnetByZone.get(zone);
            Map<String, List<String>> values = Map.of("subnet-id", List.of(subnetId), "vpc-id", List.of(region.vpcId),
                    "availability-zone", List.of(zone), "default-for-az", List.of("true"),
                    "cidr-block", List.of(region.subnetCidrByZone.get(zone)), "state", List.of("available"));
            if ((ids.isEmpty() || ids.contains(subnetId)) && CatalogActions.matches(values, call.request().filters())) {
                set.item().add("subnetId", subnetId).add("state", "available").add("vpcId", region.vpcId)
                        .add("cidrBlock", region.subnetCidrByZone.get(zone)).add("availableIpAddressCount", 4091)
                        .add("availabilityZone", zone).add("availabilityZoneId", region.region.zoneIdPrefix() + (i + 1))
                        .add("defaultForAz", true).add("mapPublicIpOnLaunch", true).add("ownerId", region.ownerId);
            }
        }
        return out;
    }

    static Xml volumes(Call call) {
        RegionState region = call.region();
        List<String> ids = call.request().list("VolumeId");
        List<VolumeRecord> selected = new ArrayList<>();
        if (ids.isEmpty()) {
            selected.addAll(region.volumes.values());
        }
        for (String id : ids) {
            VolumeRecord v = region.volumes.get(id);
            if (v == null) {
                throw new Ec2Error("InvalidVolume.NotFound", "The volume '" + id + "' does not exist.");
            }
            selected.add(v);
        }
        Map<String, List<String>> filters = call.request().filters();
        Xml out = call.response();
        Xml set = out.child("volumeSet");
        for (VolumeRecord v : selected) {
            if (!Filters.matches(v, filters, VOLUME_FILTERS)) {
                continue;
            }
            Xml item = set.item().add("volumeId", v.volumeId).add("size", v.sizeGiB).add("snapshotId", v.snapshotId)
                    .add("availabilityZone", v.availabilityZone).add("status", v.state)
                    .add("createTime", Render.time(v.createTime));
            Xml attachments = item.child("attachmentSet");
            if (v.attachedInstanceId != null) {
                attachments.item().add("volumeId", v.volumeId).add("instanceId", v.attachedInstanceId)
                        .add("device", v.device).add("status", "attached").add("attachTime", Render.time(v.createTime))
                        .add("deleteOnTermination", v.deleteOnTermination);
            }
            item.add("volumeType", v.volumeType).add("iops", v.iops()).add("throughput", v.throughput())
                    .add("encrypted", false).add("multiAttachEnabled", false);
            Render.tags(item, v.tags);
        }
        return out;
    }

    private NetworkActions() {}
}

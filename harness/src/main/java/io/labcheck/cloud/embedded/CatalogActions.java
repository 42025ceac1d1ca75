package io.labcheck.cloud.embedded;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** DescribeRegions, DescribeAvailabilityZones, DescribeImages, DescribeInstanceTypes. */
final class CatalogActions {

    static Xml regions(Call call) {
        List<String> names = call.request().list("RegionName");
        for (String n : names) {
            if (Catalog.region(n).isEmpty()) {
                throw new Ec2Error("InvalidParameterValue", "Invalid region: " + n);
            }
        }
        Xml out = call.response();
        Xml set = out.child("regionInfo");
        for (Catalog.Region r : Catalog.REGIONS) {
            if (names.isEmpty() || names.contains(r.name())) {
                set.item().add("regionName", r.name()).add("regionEndpoint", r.endpoint())
                        .add("optInStatus", "opt-in-not-required");
            }
        }
        return out;
    }

    static Xml zones(Call call) {
        RegionState region = call.region();
        List<String> names = call.request().list("ZoneName");
        List<String> zones = region.region.zoneNames();
        for (String n : names) {
            if (!zones.contains(n)) {
                throw new Ec2Error("InvalidParameterValue", "Invalid availability zone: [" + n + "]");
            }
        }
        Map<String, List<String>> filters = call.request().filters();
        Xml out = call.response();
        Xml set = out.child("availabilityZoneInfo");
        for (int i = 0; i < zones.size(); i++) {
            String zone = zones.get(i);
            String zoneId = region.region.zoneIdPrefix() + (i + 1);
            Map<String, List<String>> values = Map.of("zone-name", List.of(zone), "zone-id", List.of(zoneId),
                    "region-name", List.of(region.region.name()), "state", List.of("available"),
                    "zone-type", List.of("availability-zone"));
            if ((names.isEmpty() || names.contains(zone)) && matches(values, filters)) {
                set.item().add("zoneName", zone).add("zoneState", "available").add("regionName", region.region.name())
                        .add("zoneId", zoneId).add("zoneType", "availability-zone")
                        .add("optInStatus", "opt-in-not-required").add("groupName", region.region.name())
                        .add("networkBorderGroup", region.region.name()).child("messageSet");
            }
        }
        return out;
    }

    static Xml images(Call call) {
        QueryRequest req = call.request();
        List<String> ids = req.list("ImageId");
        List<String> owners = req.list("Owner");
        List<Catalog.Image> selected = new ArrayList<>();
        if (ids.isEmpty()) {
            selected.addAll(Catalog.IMAGES);
        } else {
            for (String id : ids) {
                if (!Ids.wellFormed(id, "ami")) {
                    throw new Ec2Error("InvalidAMIID.Malformed", "Invalid id: \"" + id + "\" (expecting \"ami-...\")");
                }
                selected.add(Catalog.image(id).orElseThrow(() -> new Ec2Error("InvalidAMIID.NotFound",
                        "The image id '[" + id + "]' does not exist")));
            }
        }
        Map<String, List<String>> filters = req.filters();
        Set<String> known = Set.of("image-id", "name", "architecture", "owner-id", "owner-alias", "state",
                "root-device-type", "virtualization-type", "platform-details", "is-public", "image-type",
                "description");
        for (String f : filters.keySet()) {
            if (!known.contains(f)) {
                throw new Ec2Error("InvalidParameterValue", "The filter '" + f + "' is invalid");
            }
        }
        Xml out = call.response();
        Xml set = out.child("imagesSet");
        for (Catalog.Image image : selected) {
            if (!owners.isEmpty() && owners.stream().noneMatch(o -> o.equals(image.ownerId())
                    || o.equals(image.ownerAlias()))) {
                continue;
            }
            Map<String, List<String>> values = new LinkedHashMap<>();
            values.put("image-id", List.of(image.imageId()));
            values.put("name", List.of(image.name()));
            values.put("description", List.of(image.description()));
            values.put("architecture", List.of(image.architecture()));
            values.put("owner-id", List.of(image.ownerId()));
            values.put("owner-alias", image.ownerAlias() == null ? List.of() : List.of(image.ownerAlias()));
            values.put("state", List.of("available"));
            values.put("root-device-type", List.of("ebs"));
            values.put("virtualization-type", List.of("hvm"));
            values.put("platform-details", List.of(image.platformDetails()));
            values.put("is-public", List.of("true"));
            values.put("image-type", List.of("machine"));
            if (!matches(values, filters)) {
                continue;
            }
            Xml item = set.item()
                    .add("imageId", image.imageId())
                    .add("imageLocation", (image.ownerAlias() == null ? image.ownerId() : image.ownerAlias()) + "/"
                            + image.name())
                    .add("imageState", "available")
                    .add("imageOwnerId", image.ownerId())
                    .add("creationDate", image.creationDate())
                    .add("isPublic", true)
                    .add("architecture", image.architecture())
                    .add("imageType", "machine")
                    .add("name", image.name())
                    .add("description", image.description())
                    .add("imageOwnerAlias", image.ownerAlias())
                    .add("rootDeviceType", "ebs")
                    .add("rootDeviceName", image.rootDeviceName());
            item.child("blockDeviceMapping").item().add("deviceName", image.rootDeviceName()).child("ebs")
                    .add("snapshotId", image.snapshotId()).add("volumeSize", image.rootVolumeGiB())
                    .add("deleteOnTermination", true).add("volumeType", image.rootVolumeType()).add("encrypted", false);
            item.add("virtualizationType", "hvm").add("hypervisor", "xen")
                    .add("platformDetails", image.platformDetails()).add("usageOperation", "RunInstances")
                    .add("enaSupport", true).add("sriovNetSupport", "simple");
        }
        return out;
    }

    static Xml instanceTypes(Call call) {
        QueryRequest req = call.request();
        List<String> names = req.list("InstanceType");
        List<String> unknown = names.stream().filter(n -> !Catalog.INSTANCE_TYPES.containsKey(n)).toList();
        if (!unknown.isEmpty()) {
            throw new Ec2Error("InvalidInstanceType",
                    "The following supplied instance types do not exist: [" + String.join(", ", unknown) + "]");
        }
        Map<String, List<String>> filters = req.filters();
        Set<String> known = Set.of("instance-type", "free-tier-eligible", "vcpu-info.default-vcpus",
                "memory-info.size-in-mib", "current-generation", "burstable-performance-supported", "hypervisor",
                "processor-info.supported-architecture");
        for (String f : filters.keySet()) {
            if (!known.contains(f)) {
                throw new Ec2Error("InvalidParameterValue", "The filter '" + f + "' is invalid");
            }
        }
        Xml out = call.response();
        Xml set = out.child("instanceTypeSet");
        for (Catalog.InstanceType t : Catalog.INSTANCE_TYPES.values()) {
            if (!names.isEmpty() && !names.contains(t.name())) {
                continue;
            }
            Map<String, List<String>> values = new LinkedHashMap<>();
            values.put("instance-type", List.of(t.name()));
            values.put("free-tier-eligible", List.of(String.valueOf(t.freeTierEligible())));
            values.put("vcpu-info.default-vcpus", List.of(String.valueOf(t.vcpus())));
            values.put("memory-info.size-in-mib", List.of(String.valueOf(t.memoryMiB())));
            values.put("current-generation", List.of("true"));
            values.put("burstable-performance-supported", List.of(String.valueOf(t.burstable())));
            values.put("hypervisor", List.of(t.hypervisor()));
            values.put("processor-info.supported-architecture", t.architecture().equals("arm64") ? List.of("arm64")
                    : List.of("x86_64", "i386"));
            if (!matches(values, filters)) {
                continue;
            }
            int cores = t.vcpus() == 1 ? 1 : t.vcpus() / 2;
            Xml item = set.item()
                    .add("instanceType", t.name())
                    .add("currentGeneration", true)
                    .add("freeTierEligible", t.freeTierEligible());
            item.child("supportedUsageClasses").add("item", "on-demand").add("item", "spot");
            item.child("supportedRootDeviceTypes").add("item", "ebs");
            item.child("supportedVirtualizationTypes").add("item", "hvm");
            item.add("bareMetal", false).add("hypervisor", t.hypervisor());
            item.child("processorInfo").child("supportedArchitectures").add("item", t.architecture());
            item.child("vCpuInfo").add("defaultVCpus", t.vcpus()).add("defaultCores", cores)
                    .add("defaultThreadsPerCore", t.vcpus() == 1 ? 1 : 2);
            item.child("memoryInfo").add("sizeInMiB", t.memoryMiB());
            item.add("instanceStorageSupported", false);
            item.child("ebsInfo").add("ebsOptimizedSupport", t.hypervisor().equals("nitro") ? "default" : "unsupported")
                    .add("encryptionSupport", "supported");
            item.child("networkInfo").add("networkPerformance", t.networkPerformance())
                    .add("maximumNetworkInterfaces", t.vcpus() == 1 ? 2 : 3);
            item.add("burstablePerformanceSupported", t.burstable());
        }
        return out;
    }

    static boolean matches(Map<String, List<String>> values, Map<String, List<String>> filters) {
        for (Map.Entry<String, List<String>> f : filters.entrySet()) {
            List<String> actual = values.get(f.getKey());
            if (actual == null) {
                throw new Ec2Error("InvalidParameterValue", "The filter '" + f.getKey() + "' is invalid");
            }
            if (actual.stream().noneMatch(a -> f.getValue().stream().anyMatch(w -> Filters.wildcard(w, a)))) {
                return false;
            }
        }
        return true;
    }

    private CatalogActions() {}

    /** DescribeAccountAttributes: what a new account in a VPC-only region shows. */
    static Xml accountAttributes(Call call) {
        java.util.Map<String, List<String>> attributes = new java.util.LinkedHashMap<>();
        attributes.put("supported-platforms", List.of("VPC"));
        attributes.put("default-vpc", List.of(call.region().defaultVpc.vpcId));
        attributes.put("max-instances", List.of("20"));
        attributes.put("max-elastic-ips", List.of("5"));
        attributes.put("vpc-max-elastic-ips", List.of("5"));
        attributes.put("vpc-max-security-groups-per-interface", List.of("5"));
        List<String> asked = call.request().list("AttributeName");
        Xml out = call.response();
        Xml set = out.child("accountAttributeSet");
        attributes.forEach((name, values) -> {
            if (asked.isEmpty() || asked.contains(name)) {
                Xml item = set.item().add("attributeName", name);
                Xml vs = item.child("attributeValueSet");
                values.forEach(v -> vs.item().add("attributeValue", v));
            }
        });
        return out;
    }
}

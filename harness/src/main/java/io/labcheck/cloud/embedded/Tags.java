package io.labcheck.cloud.embedded;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** CreateTags, DeleteTags, DescribeTags and the TagSpecification parameter of the create actions. */
final class Tags {
    private static final int MAX_TAGS = 50;

    static Map<String, String> fromSpecifications(QueryRequest req, String... allowedTypes) {
        Set<String> allowed = Set.of(allowedTypes);
        for (String type : req.tagSpecificationTypes()) {
            if (!allowed.contains(type)) {
                throw new Ec2Error("InvalidParameterValue",
                        "'" + type + "' is not a valid taggable resource type for this operation.");
            }
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (String type : allowedTypes) {
            tags.putAll(req.tagSpecifications(type));
        }
        validate(tags);
        return tags;
    }

    static void validate(Map<String, String> tags) {
        for (String key : tags.keySet()) {
            if (key.startsWith("aws:")) {
                throw new Ec2Error("InvalidParameterValue", "Tag keys starting with 'aws:' are reserved for internal use");
            }
            if (key.isEmpty() || key.length() > 128) {
                throw new Ec2Error("InvalidParameterValue", "Tag key must be between 1 and 128 characters: '" + key + "'");
            }
        }
        if (tags.size() > MAX_TAGS) {
            throw new Ec2Error("TagLimitExceeded", "The maximum number of Tags for a resource has been reached.");
        }
    }

    record Tagged(String resourceType, Map<String, String> tags) {}

    static Tagged resource(RegionState region, String id) {
        String prefix = id.contains("-") ? id.substring(0, id.indexOf('-')) : "";
        Tagged found = switch (prefix) {
            case "i" -> {
                InstanceRecord i = region.instance(id);
                yield new Tagged("instance", i.tags);
            }
            case "sg" -> new Tagged("security-group", region.group(id).tags);
            case "key" -> region.keyPairs.values().stream().filter(k -> k.keyPairId.equals(id)).findFirst()
                    .map(k -> new Tagged("key-pair", k.tags))
                    .orElseThrow(() -> new Ec2Error("InvalidKeyPair.NotFound", "The key pair '" + id + "' does not exist"));
            case "vpc" -> new Tagged("vpc", region.vpc(id).tags);
            case "subnet" -> new Tagged("subnet", region.subnet(id).tags);
            case "igw" -> new Tagged("internet-gateway", region.internetGateway(id).tags);
            case "rtb" -> new Tagged("route-table", region.routeTable(id).tags);
            case "eipalloc" -> new Tagged("elastic-ip", region.address(id).tags);
            case "vol" -> {
                VolumeRecord v = region.volumes.get(id);
                if (v == null) {
                    throw new Ec2Error("InvalidVolume.NotFound", "The volume '" + id + "' does not exist.");
                }
                yield new Tagged("volume", v.tags);
            }
            default -> throw new Ec2Error("InvalidID", "The ID '" + id + "' is not valid");
        };
        return found;
    }

    static Xml create(Call call) {
        QueryRequest req = call.request();
        List<String> ids = req.list("ResourceId");
        if (ids.isEmpty()) {
            throw Ec2Error.missingParameter("ResourceId");
        }
        Map<String, String> tags = req.tags("Tag");
        validate(tags);
        List<Tagged> targets = ids.stream().map(id -> resource(call.region(), id)).toList();
        for (Tagged t : targets) {
            Map<String, String> merged = new LinkedHashMap<>(t.tags());
            merged.putAll(tags);
            validate(merged);
        }
        targets.forEach(t -> t.tags().putAll(tags));
        return call.returnTrue();
    }

    static Xml delete(Call call) {
        QueryRequest req = call.request();
        List<String> ids = req.list("ResourceId");
        if (ids.isEmpty()) {
            throw Ec2Error.missingParameter("ResourceId");
        }
        List<QueryRequest> tagParams = req.members("Tag");
        for (String id : ids) {
            Map<String, String> tags = resource(call.region(), id).tags();
            if (tagParams.isEmpty()) {
                tags.clear();
            }
            for (QueryRequest t : tagParams) {
                String key = t.required("Key");
                if (t.get("Value").isEmpty() || t.get("Value").get().equals(tags.get(key))) {
                    tags.remove(key);
                }
            }
        }
        return call.returnTrue();
    }

    static Xml describe(Call call) {
        RegionState region = call.region();
        Map<String, List<String>> filters = call.request().filters();
        for (String name : filters.keySet()) {
            if (!Set.of("resource-id", "resource-type", "key", "value").contains(name)) {
                throw new Ec2Error("InvalidParameterValue", "The filter '" + name + "' is invalid");
            }
        }
        Xml out = call.response();
        Xml set = out.child("tagSet");
        Map<String, Tagged> all = new LinkedHashMap<>();
        region.instances.values().forEach(i -> all.put(i.instanceId, new Tagged("instance", i.tags)));
        region.groups.values().forEach(g -> all.put(g.groupId, new Tagged("security-group", g.tags)));
        region.keyPairs.values().forEach(k -> all.put(k.keyPairId, new Tagged("key-pair", k.tags)));
        region.addresses.values().forEach(a -> all.put(a.allocationId, new Tagged("elastic-ip", a.tags)));
        region.volumes.values().forEach(v -> all.put(v.volumeId, new Tagged("volume", v.tags)));
        region.vpcs.values().forEach(v -> all.put(v.vpcId, new Tagged("vpc", v.tags)));
        region.subnets.values().forEach(s -> all.put(s.subnetId, new Tagged("subnet", s.tags)));
        region.internetGateways.values().forEach(g -> all.put(g.internetGatewayId, new Tagged("internet-gateway", g.tags)));
        region.routeTables.values().forEach(t -> all.put(t.routeTableId, new Tagged("route-table", t.tags)));
        all.forEach((id, tagged) -> tagged.tags().forEach((k, v) -> {
            if (accept(filters, "resource-id", id) && accept(filters, "resource-type", tagged.resourceType())
                    && accept(filters, "key", k) && accept(filters, "value", v)) {
                set.item().add("resourceId", id).add("resourceType", tagged.resourceType()).add("key", k).add("value", v);
            }
        }));
        return out;
    }

    private static boolean accept(Map<String, List<String>> filters, String name, String value) {
        List<String> wanted = filters.get(name);
        return wanted == null || wanted.stream().anyMatch(w -> Filters.wildcard(w, value));
    }

    private Tags() {}
}

package io.labcheck.cloud.embedded;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** RunInstances, DescribeInstances, Stop/Start/TerminateInstances with EC2's state machine. */
final class InstanceActions {
    private static final Set<String> FILTERS = Set.of("instance-id", "instance-state-name", "instance-state-code",
            "instance-type", "image-id", "key-name", "availability-zone", "subnet-id", "vpc-id",
            "private-ip-address", "ip-address", "instance.group-id", "reservation-id", "client-token");
    private static final Set<String> VOLUME_TYPES = Set.of("gp2", "gp3", "io1", "io2", "st1", "sc1", "standard");
    private static final int MAX_PER_CALL = 20;

    static Xml run(Call call) {
        QueryRequest req = call.request();
        RegionState region = call.region();

        String imageId = req.required("ImageId");
        if (!Ids.wellFormed(imageId, "ami")) {
            throw new Ec2Error("InvalidAMIID.Malformed", "Invalid id: \"" + imageId + "\" (expecting \"ami-...\")");
        }
        Catalog.Image image = Catalog.image(imageId)
                .orElseThrow(() -> new Ec2Error("InvalidAMIID.NotFound", "The image id '[" + imageId + "]' does not exist"));

        // The console preselects t2.micro; the API's own default (m1.small) is a type the labs never use.
        String typeName = req.get("InstanceType").orElse("t2.micro");
        Catalog.InstanceType type = Catalog.INSTANCE_TYPES.get(typeName);
        if (type == null) {
            throw Ec2Error.invalidValue("InstanceType", typeName);
        }
        requireArchitecture(type, image);

        int min = req.intValue("MinCount", -1);
        int max = req.intValue("MaxCount", -1);
        if (min < 0) {
            throw Ec2Error.missingParameter("MinCount");
        }
        if (max < 0) {
            throw Ec2Error.missingParameter("MaxCount");
        }
        if (min < 1 || max < min) {
            throw new Ec2Error("InvalidParameterValue",
                    "Invalid value '" + min + "' for minCount. Must be between 1 and maxCount (" + max + ").");
        }
        if (min > MAX_PER_CALL) {
            throw new Ec2Error("InstanceLimitExceeded",
                    "You have requested more instances (" + min + ") than your current instance limit of "
                            + MAX_PER_CALL + " allows for the specified instance type.");
        }
        int count = Math.min(max, MAX_PER_CALL);

        String keyName = req.get("KeyName").orElse(null);
        if (keyName != null && !region.keyPairs.containsKey(keyName)) {
            throw new Ec2Error("InvalidKeyPair.NotFound", "The key pair '" + keyName + "' does not exist");
        }

        List<String> groupIds = new ArrayList<>();
        for (String id : req.list("SecurityGroupId")) {
            groupIds.add(region.group(id).groupId);
        }
        for (String name : req.list("SecurityGroup")) {
            groupIds.add(region.groupByName(name).groupId);
        }
        QueryRequest nic = req.members("NetworkInterface").stream().findFirst().orElse(null);
        if (nic != null) {
            for (String id : nic.list("SecurityGroupId")) {
                groupIds.add(region.group(id).groupId);
            }
        }
        SubnetRecord subnet = subnet(req, nic, region);
        if (groupIds.isEmpty()) {
            groupIds.add(region.defaultGroupOf(subnet.vpcId).groupId);
        }
        for (String id : groupIds) {
            if (!region.groups.get(id).vpcId.equals(subnet.vpcId)) {
                throw new Ec2Error("InvalidParameter", "Security group " + id + " and subnet " + subnet.subnetId
                        + " belong to different networks.");
            }
        }
        String zone = subnet.zone;
        boolean publicIp = nic == null ? subnet.mapPublicIpOnLaunch
                : nic.bool("AssociatePublicIpAddress", subnet.mapPublicIpOnLaunch);

        List<Map<String, Object>> volumes = blockDevices(req, image);

        Tags.fromSpecifications(req, "instance", "volume", "network-interface"); // validates types and keys
        Map<String, String> instanceTags = req.tagSpecifications("instance");
        Map<String, String> volumeTags = req.tagSpecifications("volume");

        String reservationId = Ids.next("r");
        List<InstanceRecord> launched = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            InstanceRecord i = new InstanceRecord(reservationId, region.ownerId, image, type, keyName, groupIds, zone,
                    subnet.subnetId, subnet.vpcId, subnet.nextPrivateIp(), publicIp, req.get("ClientToken").orElse(null), n);
            i.launchTime = call.now();
            i.tags.putAll(instanceTags);
            i.beginTransition(InstanceState.PENDING, InstanceState.RUNNING, call.now().plus(call.timings().pending()));
            if (publicIp) {
                i.publicIp = call.pool().nextAddress();
            }
            for (Map<String, Object> spec : volumes) {
                VolumeRecord v = new VolumeRecord((Integer) spec.get("size"), (String) spec.get("type"),
                        (String) spec.get("snapshot"), zone, call.now(), (Boolean) spec.get("deleteOnTermination"),
                        (String) spec.get("device"), i.instanceId);
                v.tags.putAll(volumeTags);
                region.volumes.put(v.volumeId, v);
                i.volumeIds.add(v.volumeId);
            }
            region.instances.put(i.instanceId, i);
            launched.add(i);
            call.backTransition(i, call.lifecycle()::launch);
        }

        Xml out = call.response().add("reservationId", reservationId).add("ownerId", region.ownerId);
        groupSet(out, groupIds, region);
        Xml set = out.child("instancesSet");
        launched.forEach(i -> instance(set.item(), i, region));
        return out;
    }

    /** The subnet named, or else the default subnet of the zone asked for, or of the region's first zone. */
    private static SubnetRecord subnet(QueryRequest req, QueryRequest nic, RegionState region) {
        Optional<String> subnetId = req.get("SubnetId").or(() -> nic == null ? Optional.empty() : nic.get("SubnetId"));
        Optional<String> zone = req.get("Placement.AvailabilityZone");
        if (subnetId.isPresent()) {
            SubnetRecord subnet = region.subnet(subnetId.get());
            if (zone.isPresent() && !zone.get().equals(subnet.zone)) {
                throw new Ec2Error("InvalidParameterValue", "Subnet " + subnet.subnetId + " is in "
                        + subnet.zone + ", not in the requested availability zone " + zone.get());
            }
            return subnet;
        }
        String z = zone.orElse(region.region.zoneNames().get(0));
        return region.defaultSubnet(z)
                .orElseThrow(() -> new Ec2Error("InvalidParameterValue", "Invalid availability zone: [" + z + "]"));
    }

    private static List<Map<String, Object>> blockDevices(QueryRequest req, Catalog.Image image) {
        Map<String, Map<String, Object>> byDevice = new LinkedHashMap<>();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("device", image.rootDeviceName());
        root.put("size", image.rootVolumeGiB());
        root.put("type", image.rootVolumeType());
        root.put("snapshot", image.snapshotId());
        root.put("deleteOnTermination", true);
        byDevice.put(image.rootDeviceName(), root);
        for (QueryRequest m : req.members("BlockDeviceMapping")) {
            String device = m.required("DeviceName");
            Map<String, Object> spec = byDevice.computeIfAbsent(device, d -> {
                Map<String, Object> extra = new LinkedHashMap<>();
                extra.put("device", d);
                extra.put("size", null);
                extra.put("type", "gp2");
                extra.put("snapshot", null);
                extra.put("deleteOnTermination", false);
                return extra;
            });
            boolean isRoot = device.equals(image.rootDeviceName());
            if (m.get("Ebs.VolumeSize").isPresent()) {
                int size = m.intValue("Ebs.VolumeSize", 0);
                if (size < 1 || size > 16384) {
                    throw new Ec2Error("InvalidParameterValue",
                            "Volume size must be between 1 and 16384 GiB, got " + size + ".");
                }
                if (isRoot && size < image.rootVolumeGiB()) {
                    throw new Ec2Error("InvalidBlockDeviceMapping", "Volume of size " + size
                            + "GB is smaller than snapshot '" + image.snapshotId() + "', expect size >= "
                            + image.rootVolumeGiB() + "GB");
                }
                spec.put("size", size);
            }
            if (m.get("Ebs.VolumeType").isPresent()) {
                String vt = m.required("Ebs.VolumeType");
                if (!VOLUME_TYPES.contains(vt)) {
                    throw Ec2Error.invalidValue("volumeType", vt);
                }
                spec.put("type", vt);
            }
            if (m.get("Ebs.DeleteOnTermination").isPresent()) {
                spec.put("deleteOnTermination", m.bool("Ebs.DeleteOnTermination", true));
            }
            if (spec.get("size") == null) {
                throw Ec2Error.missingParameter("BlockDeviceMapping.Ebs.VolumeSize for " + device);
            }
        }
        return new ArrayList<>(byDevice.values());
    }

    static Xml describe(Call call) {
        QueryRequest req = call.request();
        RegionState region = call.region();
        List<String> ids = req.list("InstanceId");
        List<InstanceRecord> selected = new ArrayList<>();
        if (ids.isEmpty()) {
            selected.addAll(region.instances.values());
        } else {
            List<String> missing = new ArrayList<>();
            for (String id : ids) {
                if (!Ids.wellFormed(id, "i")) {
                    throw Ec2Error.malformedId("InvalidInstanceID.Malformed", id);
                }
                InstanceRecord i = region.instances.get(id);
                if (i == null) {
                    missing.add(id);
                } else {
                    selected.add(i);
                }
            }
            if (missing.size() == 1) {
                throw new Ec2Error("InvalidInstanceID.NotFound", "The instance ID '" + missing.get(0) + "' does not exist");
            }
            if (!missing.isEmpty()) {
                throw new Ec2Error("InvalidInstanceID.NotFound",
                        "The instance IDs '" + String.join(", ", missing) + "' do not exist");
            }
        }
        Map<String, List<String>> filters = req.filters();
        Map<String, List<InstanceRecord>> byReservation = new LinkedHashMap<>();
        for (InstanceRecord i : selected) {
            if (Filters.matches(i, filters, FILTERS)) {
                byReservation.computeIfAbsent(i.reservationId, r -> new ArrayList<>()).add(i);
            }
        }
        Xml out = call.response();
        Xml reservations = out.child("reservationSet");
        byReservation.forEach((reservationId, instances) -> {
            Xml r = reservations.item().add("reservationId", reservationId).add("ownerId", region.ownerId);
            r.child("groupSet");
            Xml set = r.child("instancesSet");
            instances.forEach(i -> instance(set.item(), i, region));
        });
        return out;
    }

    static Xml stop(Call call) {
        return change(call, (i, region) -> {
            switch (i.state) {
                case RUNNING -> {
                    i.beginTransition(InstanceState.STOPPING, InstanceState.STOPPED,
                            call.now().plus(call.timings().stopping()));
                    call.backTransition(i, call.lifecycle()::stop);
                }
                case STOPPING, STOPPED -> { }
                default -> throw new Ec2Error("IncorrectInstanceState",
                        "The instance '" + i.instanceId + "' is not in a state from which it can be stopped.");
            }
            i.stateTransitionReason = "User initiated (" + Render.time(call.now()).replace('T', ' ').replace("Z", " GMT") + ")";
        });
    }

    static Xml start(Call call) {
        return change(call, (i, region) -> {
            switch (i.state) {
                case STOPPED -> {
                    i.beginTransition(InstanceState.PENDING, InstanceState.RUNNING,
                            call.now().plus(call.timings().pending()));
                    if (i.publicIp == null && i.assignPublicIp) {
                        i.publicIp = call.pool().nextAddress(); // a fresh address, as EC2 does
                    }
                    call.backTransition(i, call.lifecycle()::start);
                    i.stateTransitionReason = "";
                }
                case PENDING, RUNNING -> { }
                default -> throw new Ec2Error("IncorrectInstanceState",
                        "The instance '" + i.instanceId + "' is not in a state from which it can be started.");
            }
        });
    }

    static Xml terminate(Call call) {
        return change(call, (i, region) -> {
            if (i.state != InstanceState.TERMINATED && i.state != InstanceState.SHUTTING_DOWN) {
                // A host still booting or halting is removed once that work has ended, whatever its outcome.
                java.util.concurrent.CompletableFuture<Void> inFlight = java.util.concurrent.CompletableFuture.allOf(
                        i.backing == null ? java.util.concurrent.CompletableFuture.completedFuture(null)
                                : i.backing.handle((ok, err) -> null),
                        i.rebooting == null ? java.util.concurrent.CompletableFuture.completedFuture(null)
                                : i.rebooting.handle((ok, err) -> null));
                i.beginTransition(InstanceState.SHUTTING_DOWN, InstanceState.TERMINATED,
                        call.now().plus(call.timings().shuttingDown()));
                call.backTransition(i, view -> inFlight.thenCompose(x -> call.lifecycle().terminate(view)));
                i.stateTransitionReason = "User initiated";
            }
        });
    }

    /**
     * DescribeInstanceStatus, behind {@code aws ec2 wait instance-status-ok}: both status checks pass once the instance
     * runs, and an instance runs only once its host answered (with container hosts: sshd took a connection). Only
     * running instances unless IncludeAllInstances.
     */
    static Xml status(Call call) {
        RegionState region = call.region();
        List<String> ids = call.request().list("InstanceId");
        List<InstanceRecord> selected = ids.isEmpty() ? new ArrayList<>(region.instances.values())
                : ids.stream().map(region::instance).toList();
        boolean all = call.request().bool("IncludeAllInstances", false);
        Xml out = call.response();
        Xml set = out.child("instanceStatusSet");
        for (InstanceRecord i : selected) {
            if (!all && i.state != InstanceState.RUNNING) {
                continue;
            }
            Xml item = set.item().add("instanceId", i.instanceId).add("availabilityZone", i.availabilityZone);
            item.child("instanceState").add("code", i.state.code).add("name", i.state.apiName);
            boolean running = i.state == InstanceState.RUNNING;
            for (String check : List.of("systemStatus", "instanceStatus")) {
                Xml c = item.child(check).add("status", running ? "ok" : "not-applicable");
                c.child("details").item().add("name", "reachability").add("status", running ? "passed" : "not-applicable");
            }
        }
        return out;
    }

    /** An arm64 type runs only an arm64 image, and an x86_64 type an x86_64 one, as on EC2. */
    private static void requireArchitecture(Catalog.InstanceType type, Catalog.Image image) {
        if (!type.architecture().equals(image.architecture())) {
            throw new Ec2Error("InvalidParameterValue", "The architecture '" + type.architecture() + "' of the specified"
                    + " instance type does not match the architecture '" + image.architecture() + "' of the specified AMI."
                    + " Specify an instance type and an AMI that have matching architectures, and try again.");
        }
    }

    /** RebootInstances: the machine restarts; the API shows it running throughout. */
    static Xml reboot(Call call) {
        RegionState region = call.region();
        List<String> ids = call.request().list("InstanceId");
        if (ids.isEmpty()) {
            throw Ec2Error.missingParameter("InstanceId");
        }
        List<InstanceRecord> targets = ids.stream().map(region::instance).toList();
        for (InstanceRecord i : targets) {
            if (i.state != InstanceState.RUNNING) {
                throw new Ec2Error("IncorrectInstanceState", "The instance '" + i.instanceId + "' is not in a state from"
                        + " which it can be rebooted.");
            }
        }
        for (InstanceRecord i : targets) {
            i.rebooting = call.lifecycle().reboot(InstanceView.of(i, region)).toCompletableFuture();
        }
        return call.returnTrue();
    }

    /** ModifyInstanceAttribute for the instance type (the usual fix for memory): only while stopped, as on EC2. */
    static Xml modifyAttribute(Call call) {
        QueryRequest req = call.request();
        InstanceRecord i = call.region().instance(req.required("InstanceId"));
        String attribute = req.get("Attribute").orElse(req.get("InstanceType.Value").isPresent() ? "instanceType" : "");
        if (!attribute.equals("instanceType")) {
            throw new Ec2Error("InvalidParameterCombination", "Only the instanceType attribute can be modified here");
        }
        String value = req.get("InstanceType.Value").or(() -> req.get("Value"))
                .orElseThrow(() -> Ec2Error.missingParameter("InstanceType.Value"));
        Catalog.InstanceType type = Catalog.INSTANCE_TYPES.get(value);
        if (type == null) {
            throw new Ec2Error("InvalidInstanceAttributeValue", "Value (" + value + ") for parameter instanceType is invalid."
                    + " Invalid instance type");
        }
        if (i.state != InstanceState.STOPPED) {
            throw new Ec2Error("IncorrectInstanceState", "The instance '" + i.instanceId + "' is not in the 'stopped' state.");
        }
        requireArchitecture(type, i.image);
        i.type = type;
        return call.returnTrue();
    }

    /** GetConsoleOutput: the instance's boot log, base64 as EC2 sends it. */
    static Xml consoleOutput(Call call) {
        InstanceRecord i = call.region().instance(call.request().required("InstanceId"));
        String text = i.state == InstanceState.PENDING ? "" : call.lifecycle().consoleOutput(InstanceView.of(i, call.region()));
        return call.response().add("instanceId", i.instanceId).add("timestamp", Render.time(call.now()))
                .add("output", java.util.Base64.getEncoder().encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private interface Change {
        void apply(InstanceRecord instance, RegionState region);
    }

    /** Validates every id first so that a bad id changes nothing, as on EC2. */
    private static Xml change(Call call, Change change) {
        RegionState region = call.region();
        List<String> ids = call.request().list("InstanceId");
        if (ids.isEmpty()) {
            throw Ec2Error.missingParameter("InstanceId");
        }
        List<InstanceRecord> targets = ids.stream().map(region::instance).toList();
        List<InstanceState> previous = targets.stream().map(i -> i.state).toList();
        for (InstanceRecord i : targets) {
            change.apply(i, region);
        }
        Xml out = call.response();
        Xml set = out.child("instancesSet");
        for (int n = 0; n < targets.size(); n++) {
            InstanceRecord i = targets.get(n);
            Xml item = set.item().add("instanceId", i.instanceId);
            item.child("currentState").add("code", i.state.code).add("name", i.state.apiName);
            item.child("previousState").add("code", previous.get(n).code).add("name", previous.get(n).apiName);
        }
        return out;
    }

    private static void groupSet(Xml parent, List<String> groupIds, RegionState region) {
        Xml set = parent.child("groupSet");
        for (String id : groupIds) {
            SecurityGroupRecord g = region.groups.get(id);
            set.item().add("groupId", id).add("groupName", g == null ? null : g.groupName);
        }
    }

    private static void instance(Xml item, InstanceRecord i, RegionState region) {
        item.add("instanceId", i.instanceId)
                .add("imageId", i.image.imageId());
        item.child("instanceState").add("code", i.state.code).add("name", i.state.apiName);
        item.add("privateDnsName", i.state == InstanceState.TERMINATED ? "" : i.privateDnsName())
                .add("dnsName", i.publicDnsName())
                .add("reason", i.stateTransitionReason)
                .add("keyName", i.keyName)
                .add("amiLaunchIndex", i.launchIndex)
                .add("instanceType", i.type.name())
                .add("launchTime", Render.time(i.launchTime));
        item.child("placement").add("availabilityZone", i.availabilityZone).add("groupName", "").add("tenancy", "default");
        item.child("monitoring").add("state", "disabled");
        if (i.state != InstanceState.TERMINATED) {
            item.add("subnetId", i.subnetId).add("vpcId", i.vpcId).add("privateIpAddress", i.privateIp);
        }
        item.add("ipAddress", i.publicIp);
        if (i.stateReasonCode != null) {
            item.child("stateReason").add("code", i.stateReasonCode).add("message", i.stateReasonMessage);
        }
        item.add("architecture", i.image.architecture())
                .add("rootDeviceType", "ebs")
                .add("rootDeviceName", i.image.rootDeviceName());
        Xml bdm = item.child("blockDeviceMapping");
        if (i.state != InstanceState.TERMINATED) {
            for (String volumeId : i.volumeIds) {
                VolumeRecord v = region.volumes.get(volumeId);
                if (v != null) {
                    bdm.item().add("deviceName", v.device).child("ebs")
                            .add("volumeId", v.volumeId).add("status", "attached")
                            .add("attachTime", Render.time(v.createTime))
                            .add("deleteOnTermination", v.deleteOnTermination);
                }
            }
        }
        item.add("virtualizationType", "hvm").add("clientToken", i.clientToken);
        Render.tags(item, i.tags);
        item.add("hypervisor", "xen");
        groupSet(item, i.groupIds, region);
        if (i.state != InstanceState.TERMINATED) {
            Xml eni = item.child("networkInterfaceSet").item()
                    .add("networkInterfaceId", i.networkInterfaceId)
                    .add("subnetId", i.subnetId)
                    .add("vpcId", i.vpcId)
                    .add("ownerId", i.ownerId)
                    .add("status", "in-use")
                    .add("privateIpAddress", i.privateIp)
                    .add("privateDnsName", i.privateDnsName());
            if (i.publicIp != null) {
                String owner = region.addressOf(i).isPresent() ? i.ownerId : "amazon";
                eni.child("association").add("publicIp", i.publicIp).add("publicDnsName", i.publicDnsName())
                        .add("ipOwnerId", owner);
            }
        }
        item.add("ebsOptimized", false)
                .add("enaSupport", true);
        item.child("cpuOptions").add("coreCount", i.type.vcpus() == 1 ? 1 : i.type.vcpus() / 2)
                .add("threadsPerCore", i.type.vcpus() == 1 ? 1 : 2);
        item.add("platformDetails", i.image.platformDetails()).add("usageOperation", "RunInstances");
    }

    private InstanceActions() {}
}

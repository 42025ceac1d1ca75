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
    final String vpcId = Ids.next("vpc");
    final String vpcCidr = "172.31.0.0/16";
    final Map<String, String> subnetByZone = new LinkedHashMap<>();
    final Map<String, String> subnetCidrByZone = new LinkedHashMap<>();
    final Map<String, KeyPairRecord> keyPairs = new LinkedHashMap<>();
    final Map<String, SecurityGroupRecord> groups = new LinkedHashMap<>();
    final Map<String, InstanceRecord> instances = new LinkedHashMap<>();
    final Map<String, AddressRecord> addresses = new LinkedHashMap<>();
    final Map<String, VolumeRecord> volumes = new LinkedHashMap<>();
    private final Map<String, Integer> hostCounterByZone = new LinkedHashMap<>();
    final SecurityGroupRecord defaultGroup;

    RegionState(Catalog.Region region, String ownerId) {
        this.region = region;
        this.ownerId = ownerId;
        List<String> zones = region.zoneNames();
        for (int i = 0; i < zones.size(); i++) {
            subnetByZone.put(zones.get(i), Ids.next("subnet"));
            subnetCidrByZone.put(zones.get(i), "172.31." + (16 * i) + ".0/20");
        }
        defaultGroup = new SecurityGroupRecord(Ids.next("sg"), "default", "default VPC security group", vpcId, ownerId);
        defaultGroup.ingress.add(new Permission(Ids.next("sgr"), "-1", null, null, null, defaultGroup.groupId, null));
        defaultGroup.egress.add(new Permission(Ids.next("sgr"), "-1", null, null, "0.0.0.0/0", null, null));
        groups.put(defaultGroup.groupId, defaultGroup);
    }

    String nextPrivateIp(String zone) {
        int index = List.copyOf(subnetByZone.keySet()).indexOf(zone);
        int n = hostCounterByZone.merge(zone, 1, Integer::sum) + 3; // EC2 reserves .0 to .3
        int third = 16 * index + n / 256;
        return "172.31." + third + "." + (n % 256);
    }

    Optional<String> zoneOfSubnet(String subnetId) {
        return subnetByZone.entrySet().stream().filter(e -> e.getValue().equals(subnetId)).map(Map.Entry::getKey)
                .findFirst();
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
        return groups.values().stream().filter(g -> g.groupName.equals(name)).findFirst()
                .orElseThrow(() -> new Ec2Error("InvalidGroup.NotFound",
                        "The security group '" + name + "' does not exist in default VPC '" + vpcId + "'"));
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

package io.labcheck.cloud.embedded;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

final class InstanceRecord implements Filters.Filterable {
    final String instanceId = Ids.next("i");
    final String reservationId;
    final String ownerId;
    final Catalog.Image image;
    /** Changed only while stopped (ModifyInstanceAttribute), as on EC2. */
    Catalog.InstanceType type;
    final String keyName;
    final List<String> groupIds;
    final String availabilityZone;
    final String subnetId;
    final String vpcId;
    final String privateIp;
    final String networkInterfaceId = Ids.next("eni");
    final boolean assignPublicIp;
    final String clientToken;
    final int launchIndex;
    final List<String> volumeIds = new ArrayList<>();
    final Map<String, String> tags = new LinkedHashMap<>();

    InstanceState state = InstanceState.PENDING;
    /** Where the current transitional state leads, and when; null when the state is stable. */
    InstanceState target;
    Instant transitionDue;
    /** The data plane's work for the current transition (booting a container, stopping it); null if none. */
    java.util.concurrent.CompletableFuture<Void> backing;
    Instant launchTime;
    String publicIp;
    String stateTransitionReason = "";
    String stateReasonCode;
    String stateReasonMessage;
    /** A reboot in flight (RebootInstances), null when none: the instance stays running meanwhile. */
    java.util.concurrent.CompletableFuture<Void> rebooting;
    /** Why the data plane could not launch this instance; null when it did. */
    String failureMessage;
    /** Whether it has been running once: a failed first boot terminates, a failed restart stops. */
    boolean everRan;

    InstanceRecord(String reservationId, String ownerId, Catalog.Image image, Catalog.InstanceType type,
                   String keyName, List<String> groupIds, String availabilityZone, String subnetId, String vpcId,
                   String privateIp, boolean assignPublicIp, String clientToken, int launchIndex) {
        this.reservationId = reservationId;
        this.ownerId = ownerId;
        this.image = image;
        this.type = type;
        this.keyName = keyName;
        this.groupIds = List.copyOf(groupIds);
        this.availabilityZone = availabilityZone;
        this.subnetId = subnetId;
        this.vpcId = vpcId;
        this.privateIp = privateIp;
        this.assignPublicIp = assignPublicIp;
        this.clientToken = clientToken;
        this.launchIndex = launchIndex;
    }

    void beginTransition(InstanceState through, InstanceState to, Instant due) {
        this.state = through;
        this.target = to;
        this.transitionDue = due;
    }

    boolean transitionDue(Instant now) {
        return target != null && !now.isBefore(transitionDue) && (backing == null || backing.isDone());
    }

    String privateDnsName() {
        return "ip-" + privateIp.replace('.', '-') + "." + regionOf(availabilityZone) + ".compute.internal";
    }

    String publicDnsName() {
        return publicIp == null ? "" : "ec2-" + publicIp.replace('.', '-') + "." + regionOf(availabilityZone)
                + ".compute.amazonaws.com";
    }

    private static String regionOf(String zone) {
        return zone.substring(0, zone.length() - 1);
    }

    @Override
    public Map<String, List<String>> filterValues() {
        Map<String, List<String>> v = new LinkedHashMap<>();
        v.put("instance-id", List.of(instanceId));
        v.put("instance-state-name", List.of(state.apiName));
        v.put("instance-state-code", List.of(String.valueOf(state.code)));
        v.put("instance-type", List.of(type.name()));
        v.put("image-id", List.of(image.imageId()));
        v.put("key-name", keyName == null ? List.of() : List.of(keyName));
        v.put("availability-zone", List.of(availabilityZone));
        v.put("subnet-id", List.of(subnetId));
        v.put("vpc-id", List.of(vpcId));
        v.put("private-ip-address", List.of(privateIp));
        v.put("ip-address", publicIp == null ? List.of() : List.of(publicIp));
        v.put("instance.group-id", groupIds);
        v.put("reservation-id", List.of(reservationId));
        v.put("client-token", clientToken == null ? List.of() : List.of(clientToken));
        return v;
    }

    @Override
    public Map<String, String> tags() {
        return tags;
    }
}

package io.labcheck.cloud.embedded;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

final class VolumeRecord implements Filters.Filterable {
    final String volumeId = Ids.next("vol");
    final int sizeGiB;
    final String volumeType;
    final String snapshotId;
    final String availabilityZone;
    final Instant createTime;
    final boolean deleteOnTermination;
    final String device;
    String state = "in-use";
    String attachedInstanceId;
    final Map<String, String> tags = new LinkedHashMap<>();

    VolumeRecord(int sizeGiB, String volumeType, String snapshotId, String availabilityZone, Instant createTime,
                 boolean deleteOnTermination, String device, String instanceId) {
        this.sizeGiB = sizeGiB;
        this.volumeType = volumeType;
        this.snapshotId = snapshotId;
        this.availabilityZone = availabilityZone;
        this.createTime = createTime;
        this.deleteOnTermination = deleteOnTermination;
        this.device = device;
        this.attachedInstanceId = instanceId;
    }

    Integer iops() {
        return switch (volumeType) {
            case "gp3" -> 3000;
            case "gp2" -> Math.max(100, Math.min(16000, sizeGiB * 3));
            default -> null;
        };
    }

    Integer throughput() {
        return volumeType.equals("gp3") ? 125 : null;
    }

    @Override
    public Map<String, List<String>> filterValues() {
        return Map.of("volume-id", List.of(volumeId), "size", List.of(String.valueOf(sizeGiB)),
                "volume-type", List.of(volumeType), "status", List.of(state),
                "availability-zone", List.of(availabilityZone),
                "attachment.instance-id", attachedInstanceId == null ? List.of() : List.of(attachedInstanceId));
    }

    @Override
    public Map<String, String> tags() {
        return tags;
    }
}

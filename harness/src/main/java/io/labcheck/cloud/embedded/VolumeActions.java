package io.labcheck.cloud.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The EBS volumes instances run on. */
final class VolumeActions {
    private static final Set<String> VOLUME_FILTERS = Set.of("volume-id", "size", "volume-type", "status",
            "availability-zone", "attachment.instance-id");

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

    private VolumeActions() {}
}

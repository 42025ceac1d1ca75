package io.labcheck.cloud.embedded;

import java.util.List;
import java.util.Map;

/**
 * An instance as the data plane needs to know it: what to boot (image, type and its memory), whom to
 * let in (the key pair's public key), where it is (addresses), and whose it is (the account). A snapshot, immutable.
 */
public record InstanceView(String instanceId, String region, String state, String instanceType, int vcpus,
                           int memoryMiB, String imageId, String imageName, String loginUser, String keyName,
                           String authorizedKey, String privateIp, String publicIp, List<String> groupIds,
                           Map<String, String> tags, String ownerId) {

    static InstanceView of(InstanceRecord i, RegionState region) {
        KeyPairRecord key = i.keyName == null ? null : region.keyPairs.get(i.keyName);
        return new InstanceView(i.instanceId, region.region.name(), i.state.apiName, i.type.name(), i.type.vcpus(),
                i.type.memoryMiB(), i.image.imageId(), i.image.name(), i.image.defaultUser(), i.keyName,
                key == null ? null : key.material.openSshLine(), i.privateIp, i.publicIp, i.groupIds,
                Map.copyOf(i.tags), region.ownerId);
    }
}

package io.labcheck.cloud.embedded;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

final class KeyPairRecord implements Filters.Filterable {
    final String keyPairId = Ids.next("key");
    final String keyName;
    final KeyMaterial.Public material;
    final Instant createTime;
    final Map<String, String> tags = new LinkedHashMap<>();

    KeyPairRecord(String keyName, KeyMaterial.Public material, Instant createTime) {
        this.keyName = keyName;
        this.material = material;
        this.createTime = createTime;
    }

    @Override
    public Map<String, List<String>> filterValues() {
        return Map.of("key-name", List.of(keyName), "key-pair-id", List.of(keyPairId),
                "fingerprint", List.of(material.fingerprint()), "key-type", List.of(material.keyType()));
    }

    @Override
    public Map<String, String> tags() {
        return tags;
    }
}

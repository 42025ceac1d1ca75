package io.labcheck.lab;

import java.util.Map;

/**
 * A console (or API) step with the values the document names, in EC2 API terms so that it can be replayed:
 * {@code CreateKeyPair {keyName=my_app}}, {@code AuthorizeSecurityGroupIngress {port=8000, source=0.0.0.0/0}},
 * {@code RunInstances {instanceType=t2.micro}}, {@code ChooseImage {image=Ubuntu 22.04}}, {@code SetVolumeSize {sizeGb=30}},
 * {@code AllocateAddress}, {@code AssociateAddress}, {@code ChooseRegion {region=ap-northeast-2}}.
 */
public record CloudAction(String action, Map<String, String> values) {
    public CloudAction {
        values = Map.copyOf(values);
    }

    public String value(String key) {
        return values.getOrDefault(key, "");
    }

    @Override
    public String toString() {
        return values.isEmpty() ? action : action + " " + new java.util.TreeMap<>(values);
    }
}

package io.labcheck.cloud.embedded;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** CreateKeyPair, ImportKeyPair, DescribeKeyPairs, DeleteKeyPair. */
final class KeyPairActions {
    private static final Set<String> FILTERS = Set.of("key-name", "key-pair-id", "fingerprint", "key-type");

    static Xml create(Call call) {
        QueryRequest req = call.request();
        String name = validName(req.required("KeyName"));
        String type = req.get("KeyType").orElse("rsa");
        if (!type.equals("rsa") && !type.equals("ed25519")) {
            throw Ec2Error.invalidValue("KeyType", type);
        }
        String format = req.get("KeyFormat").orElse("pem");
        if (format.equals("ppk")) {
            throw new Ec2Error("UnsupportedOperation",
                    "labcheck's embedded cloud issues private keys in PEM only; request KeyFormat pem");
        }
        if (!format.equals("pem")) {
            throw Ec2Error.invalidValue("KeyFormat", format);
        }
        rejectDuplicate(call.region(), name);
        KeyMaterial.Created created = KeyMaterial.create(type, name);
        KeyPairRecord record = new KeyPairRecord(name, created.publicPart(), call.now());
        record.tags.putAll(Tags.fromSpecifications(req, "key-pair"));
        call.region().keyPairs.put(name, record);
        Xml out = call.response()
                .add("keyName", name)
                .add("keyFingerprint", record.material.fingerprint())
                .add("keyMaterial", created.privateKeyPem())
                .add("keyPairId", record.keyPairId);
        Render.tags(out, record.tags);
        return out;
    }

    static Xml importKey(Call call) {
        QueryRequest req = call.request();
        String name = validName(req.required("KeyName"));
        String material = req.required("PublicKeyMaterial");
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(material.trim());
        } catch (IllegalArgumentException e) {
            bytes = material.getBytes(StandardCharsets.UTF_8); // some clients send the text as is
        }
        rejectDuplicate(call.region(), name);
        KeyPairRecord record = new KeyPairRecord(name, KeyMaterial.importKey(name, bytes), call.now());
        record.tags.putAll(Tags.fromSpecifications(req, "key-pair"));
        call.region().keyPairs.put(name, record);
        Xml out = call.response()
                .add("keyFingerprint", record.material.fingerprint())
                .add("keyName", name)
                .add("keyPairId", record.keyPairId);
        Render.tags(out, record.tags);
        return out;
    }

    static Xml describe(Call call) {
        QueryRequest req = call.request();
        RegionState region = call.region();
        List<KeyPairRecord> selected = new ArrayList<>(region.keyPairs.values());
        List<String> names = req.list("KeyName");
        if (!names.isEmpty()) {
            List<String> missing = names.stream().filter(n -> !region.keyPairs.containsKey(n)).toList();
            if (!missing.isEmpty()) {
                throw new Ec2Error("InvalidKeyPair.NotFound", "The key pair '" + missing.get(0) + "' does not exist");
            }
            selected.removeIf(k -> !names.contains(k.keyName));
        }
        List<String> ids = req.list("KeyPairId");
        if (!ids.isEmpty()) {
            for (String id : ids) {
                if (selected.stream().noneMatch(k -> k.keyPairId.equals(id))) {
                    throw new Ec2Error("InvalidKeyPair.NotFound", "The key pair '" + id + "' does not exist");
                }
            }
            selected.removeIf(k -> !ids.contains(k.keyPairId));
        }
        Map<String, List<String>> filters = req.filters();
        boolean includePublicKey = req.bool("IncludePublicKey", false);
        Xml out = call.response();
        Xml set = out.child("keySet");
        for (KeyPairRecord k : selected) {
            if (!Filters.matches(k, filters, FILTERS)) {
                continue;
            }
            Xml item = set.item()
                    .add("keyPairId", k.keyPairId)
                    .add("keyFingerprint", k.material.fingerprint())
                    .add("keyName", k.keyName)
                    .add("keyType", k.material.keyType());
            Render.tags(item, k.tags);
            if (includePublicKey) {
                item.add("publicKey", k.material.openSshLine());
            }
            item.add("createTime", Render.time(k.createTime));
        }
        return out;
    }

    static Xml delete(Call call) {
        QueryRequest req = call.request();
        RegionState region = call.region();
        Optional<String> id = req.get("KeyPairId");
        String deletedId = null;
        if (id.isPresent()) {
            KeyPairRecord k = region.keyPairs.values().stream().filter(r -> r.keyPairId.equals(id.get())).findFirst()
                    .orElseThrow(() -> new Ec2Error("InvalidKeyPair.NotFound",
                            "The key pair '" + id.get() + "' does not exist"));
            region.keyPairs.remove(k.keyName);
            deletedId = k.keyPairId;
        } else {
            // EC2 answers success for a key name that does not exist.
            KeyPairRecord k = region.keyPairs.remove(req.required("KeyName"));
            deletedId = k == null ? null : k.keyPairId;
        }
        return call.returnTrue().add("keyPairId", deletedId);
    }

    private static void rejectDuplicate(RegionState region, String name) {
        if (region.keyPairs.containsKey(name)) {
            throw new Ec2Error("InvalidKeyPair.Duplicate", "The keypair '" + name + "' already exists.");
        }
    }

    private static String validName(String name) {
        if (name.length() > 255) {
            throw new Ec2Error("InvalidParameterValue",
                    "Value (" + name.substring(0, 20) + "...) for parameter keyName is invalid. Length exceeds maximum of 255.");
        }
        if (!name.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new Ec2Error("InvalidParameterValue",
                    "Value (" + name + ") for parameter keyName is invalid. Character sets beyond ASCII are not supported.");
        }
        return name;
    }

    private KeyPairActions() {}
}

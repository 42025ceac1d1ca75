package io.labcheck.cloud.embedded;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One EC2 Query API call: {@code Action=...&Version=...} plus flattened parameters
 * ({@code InstanceId.1}, {@code Filter.1.Value.2}, {@code IpPermissions.1.IpRanges.1.CidrIp}).
 */
final class QueryRequest {
    private static final Pattern REGION_IN_CREDENTIAL = Pattern.compile("Credential=[^/]+/\\d{8}/([a-z0-9-]+)/");

    private final Map<String, String> params;
    private final String region;

    private QueryRequest(Map<String, String> params, String region) {
        this.params = params;
        this.region = region;
    }

    static QueryRequest parse(String formBody, String authorizationHeader, String defaultRegion) {
        Map<String, String> params = new LinkedHashMap<>();
        if (formBody != null && !formBody.isBlank()) {
            for (String pair : formBody.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                params.put(key, value);
            }
        }
        String region = defaultRegion;
        if (authorizationHeader != null) {
            Matcher m = REGION_IN_CREDENTIAL.matcher(authorizationHeader);
            if (m.find()) {
                region = m.group(1);
            }
        }
        return new QueryRequest(params, region);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    String action() {
        return params.getOrDefault("Action", "");
    }

    /** The region the caller signed for, as on AWS where each region is its own endpoint. */
    String region() {
        return region;
    }

    Optional<String> get(String name) {
        String v = params.get(name);
        return v == null ? Optional.empty() : Optional.of(v);
    }

    String required(String name) {
        String v = params.get(name);
        if (v == null || v.isEmpty()) {
            throw Ec2Error.missingParameter(name);
        }
        return v;
    }

    int intValue(String name, int defaultValue) {
        String v = params.get(name);
        if (v == null || v.isEmpty()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw Ec2Error.invalidValue(name, v);
        }
    }

    boolean bool(String name, boolean defaultValue) {
        String v = params.get(name);
        return v == null ? defaultValue : Boolean.parseBoolean(v);
    }

    /** Values of {@code Prefix.1}, {@code Prefix.2}, ... in index order. */
    List<String> list(String prefix) {
        TreeMap<Integer, String> byIndex = new TreeMap<>();
        Pattern p = Pattern.compile(Pattern.quote(prefix) + "\\.(\\d+)");
        for (Map.Entry<String, String> e : params.entrySet()) {
            Matcher m = p.matcher(e.getKey());
            if (m.matches()) {
                byIndex.put(Integer.parseInt(m.group(1)), e.getValue());
            }
        }
        return new ArrayList<>(byIndex.values());
    }

    /**
     * Structured members {@code Prefix.N.Field...}: each element is a view whose parameter names have
     * the {@code Prefix.N.} part removed, in index order.
     */
    List<QueryRequest> members(String prefix) {
        TreeMap<Integer, Map<String, String>> byIndex = new TreeMap<>();
        Pattern p = Pattern.compile(Pattern.quote(prefix) + "\\.(\\d+)\\.(.+)");
        for (Map.Entry<String, String> e : params.entrySet()) {
            Matcher m = p.matcher(e.getKey());
            if (m.matches()) {
                byIndex.computeIfAbsent(Integer.parseInt(m.group(1)), i -> new LinkedHashMap<>())
                        .put(m.group(2), e.getValue());
            }
        }
        List<QueryRequest> out = new ArrayList<>();
        for (Map<String, String> member : byIndex.values()) {
            out.add(new QueryRequest(member, region));
        }
        return out;
    }

    /** {@code Filter.N.Name} / {@code Filter.N.Value.M} as name → values. */
    Map<String, List<String>> filters() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (QueryRequest f : members("Filter")) {
            out.put(f.required("Name"), f.list("Value"));
        }
        return out;
    }

    /** {@code Tag.N.Key} / {@code Tag.N.Value}. */
    Map<String, String> tags(String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        for (QueryRequest t : members(prefix)) {
            out.put(t.required("Key"), t.get("Value").orElse(""));
        }
        return out;
    }

    /** Tags in {@code TagSpecification.N} whose ResourceType is {@code resourceType}. */
    Map<String, String> tagSpecifications(String resourceType) {
        Map<String, String> out = new LinkedHashMap<>();
        for (QueryRequest spec : members("TagSpecification")) {
            String type = spec.get("ResourceType").orElse("");
            if (type.equals(resourceType)) {
                out.putAll(spec.tags("Tag"));
            }
        }
        return out;
    }

    /** Resource types named by {@code TagSpecification.N.ResourceType}, for validation. */
    List<String> tagSpecificationTypes() {
        List<String> out = new ArrayList<>();
        for (QueryRequest spec : members("TagSpecification")) {
            out.add(spec.get("ResourceType").orElse(""));
        }
        return out;
    }

    Map<String, String> raw() {
        return Collections.unmodifiableMap(params);
    }
}

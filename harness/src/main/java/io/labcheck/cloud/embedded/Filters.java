package io.labcheck.cloud.embedded;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * EC2 filters: every named filter must match (AND), any of its values may (OR), values take the
 * {@code *} and {@code ?} wildcards. An unknown filter name is an error, as on EC2.
 */
final class Filters {

    /** The values a resource has for each filter name; {@code tag:KEY} is looked up in {@code tags}. */
    interface Filterable {
        Map<String, List<String>> filterValues();

        Map<String, String> tags();
    }

    static boolean matches(Filterable resource, Map<String, List<String>> filters, Set<String> supported) {
        Map<String, List<String>> values = resource.filterValues();
        for (Map.Entry<String, List<String>> f : filters.entrySet()) {
            String name = f.getKey();
            List<String> actual;
            if (name.startsWith("tag:")) {
                String v = resource.tags().get(name.substring(4));
                actual = v == null ? List.of() : List.of(v);
            } else if (name.equals("tag-key")) {
                actual = List.copyOf(resource.tags().keySet());
            } else if (name.equals("tag-value")) {
                actual = List.copyOf(resource.tags().values());
            } else if (supported.contains(name)) {
                actual = values.getOrDefault(name, List.of());
            } else {
                throw new Ec2Error("InvalidParameterValue", "The filter '" + name + "' is invalid");
            }
            if (actual.stream().noneMatch(a -> f.getValue().stream().anyMatch(w -> wildcard(w, a)))) {
                return false;
            }
        }
        return true;
    }

    /**
     * What a Describe call selects: the resources named by {@code idParameter} ({@code VpcId.1}, ...; each must exist,
     * or {@code lookup} answers EC2's not-found error), else all of them; then those its filters match.
     */
    static <T extends Filterable> List<T> select(Call call, String idParameter, java.util.Collection<T> all,
                                                 java.util.function.Function<String, T> lookup, Set<String> supported) {
        List<String> ids = call.request().list(idParameter);
        List<T> named = ids.isEmpty() ? List.copyOf(all) : ids.stream().map(lookup).toList();
        Map<String, List<String>> filters = call.request().filters();
        return named.stream().filter(r -> matches(r, filters, supported)).toList();
    }

    static boolean wildcard(String pattern, String value) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return value != null && Pattern.matches(regex.toString(), value);
    }

    private Filters() {}
}

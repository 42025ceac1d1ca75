package io.labcheck.cloud;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A cloud provider's console as a lab document describes it: the words it shows for an instance's states, its
 * zones and the server specs it offers. A lab's console steps are replayed through the run's cloud (the EC2 API);
 * a profile says how the provider's words map onto it, so a new provider is a data file
 * ({@code io/labcheck/cloud/profiles/<id>.yml}, listed in {@code profiles/index.txt}), not code.
 *
 * @param id       the profile's id ({@code aws}, {@code gabia})
 * @param name     the provider as people name it
 * @param consoles host names of its console; a document that opens one is taken to use this provider
 * @param words    words in a document that name the provider
 * @param states   EC2 state name ({@code pending}, ...) to the words the console shows for it, in order
 * @param zones    the console's zone names to an availability zone letter of the run's region
 * @param specs    the server sizes the console offers; empty when it offers instance types by name
 */
public record ProviderProfile(String id, String name, List<String> consoles, List<String> words,
                              Map<String, List<String>> states, Map<String, String> zones, List<Spec> specs) {
    /** The ids of the profiles there are, as {@code profiles/index.txt} lists them. */
    public static final List<String> KNOWN = index();
    /** Every profile, read once. */
    private static final List<ProviderProfile> ALL = KNOWN.stream().map(ProviderProfile::load).toList();

    /** A server size: vCPU cores and GB of memory. */
    public record Spec(int vcpu, int memoryGb) {
        @Override
        public String toString() {
            return vcpu + " vCPU / " + memoryGb + " GB";
        }
    }

    public ProviderProfile {
        consoles = List.copyOf(consoles);
        words = List.copyOf(words);
        states = Map.copyOf(states);
        zones = Map.copyOf(zones);
        specs = List.copyOf(specs);
    }

    public static ProviderProfile aws() {
        return named("aws");
    }

    /** The profile with {@code id}; an unknown id names the known ones. */
    public static ProviderProfile named(String id) {
        String wanted = id.strip().toLowerCase(Locale.ROOT);
        return ALL.stream().filter(p -> p.id().equals(wanted)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "no provider profile '" + id + "': use one of " + String.join(", ", KNOWN)));
    }

    private static List<String> index() {
        try (InputStream in = ProviderProfile.class.getResourceAsStream("profiles/index.txt")) {
            if (in == null) {
                throw new IllegalStateException("profiles/index.txt is not in the build: rebuild labcheck");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the provider profiles' index", e);
        }
    }

    private static ProviderProfile load(String wanted) {
        String resource = "profiles/" + wanted + ".yml";
        try (InputStream in = ProviderProfile.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the provider profile " + resource + " is not in the build: rebuild labcheck");
            }
            Raw raw = new YAMLMapper().readValue(in, Raw.class);
            Map<String, List<String>> states = new LinkedHashMap<>(raw.states == null ? Map.of() : raw.states);
            List<Spec> specs = new ArrayList<>();
            (raw.specs == null ? List.<Spec>of() : raw.specs).forEach(specs::add);
            return new ProviderProfile(raw.id, raw.name, orEmpty(raw.consoles), orEmpty(raw.words), states,
                    raw.zones == null ? Map.of() : raw.zones, specs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the provider profile " + resource, e);
        }
    }

    /**
     * The provider a document uses, from what it says: a console address it opens, else a word that names the
     * provider; AWS when nothing names another.
     */
    public static ProviderProfile recognise(List<String> urls, String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (ProviderProfile p : ALL) {
            if (urls.stream().anyMatch(u -> p.consoles.stream().anyMatch(c -> host(u).endsWith(c)))) {
                return p;
            }
        }
        for (ProviderProfile p : ALL) {
            if (p.words.stream().anyMatch(w -> lower.contains(w.toLowerCase(Locale.ROOT)))) {
                return p;
            }
        }
        return aws();
    }

    /** Whether this is AWS itself: its console needs no mapping onto the EC2 API. */
    public boolean isAws() {
        return id.equals("aws");
    }

    /** What the console shows for an EC2 state ({@code pending} -> "Creating → Starting"), or the state itself. */
    public String shown(String ec2State) {
        List<String> w = states.get(ec2State);
        return w == null || w.isEmpty() ? ec2State : String.join(" → ", w);
    }

    /** The availability zone of {@code region} the console zone {@code name} is placed in. */
    public Optional<String> availabilityZone(String name, String region) {
        return Optional.ofNullable(zones.get(name.strip())).map(letter -> region + letter);
    }

    /** Whether the console offers a server of this size (any size when the profile lists none). */
    public boolean offers(int vcpu, int memoryGb) {
        return specs.isEmpty() || specs.contains(new Spec(vcpu, memoryGb));
    }

    private static String host(String url) {
        String u = url.replaceFirst("^[a-z]+://", "");
        int slash = u.indexOf('/');
        return (slash < 0 ? u : u.substring(0, slash)).toLowerCase(Locale.ROOT);
    }

    private static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }

    private static final class Raw {
        @JsonProperty("id")
        String id;
        @JsonProperty("name")
        String name;
        @JsonProperty("consoles")
        List<String> consoles;
        @JsonProperty("words")
        List<String> words;
        @JsonProperty("states")
        Map<String, List<String>> states;
        @JsonProperty("zones")
        Map<String, String> zones;
        @JsonProperty("specs")
        List<Spec> specs;
    }
}

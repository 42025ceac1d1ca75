package io.labcheck.report;

/** Where the run ran. A null field means the run did not say (never a guess). */
public record Tier(String cloudProvider, String hostKind, String baseImage) {
    public static Tier unknown() {
        return new Tier(null, null, null);
    }
}

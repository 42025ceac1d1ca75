package io.labcheck.scenarios.ec2fastapi;

import io.labcheck.diagnose.Rule;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/** System properties the chaos suites read: which diagnosis rules are off (the mutation check). */
final class ChaosSettings {

    /** All rules but those named in {@code -Dlabcheck.rules.disabled=a,b}. */
    static Set<Rule> enabledRules() {
        Set<String> off = Arrays.stream(System.getProperty("labcheck.rules.disabled", "").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        EnumSet<Rule> on = EnumSet.allOf(Rule.class);
        on.removeIf(r -> off.contains(r.code()));
        if (!off.isEmpty()) {
            System.out.println("[mutation] diagnosis rules disabled: " + off);
        }
        return on;
    }

    private ChaosSettings() {}
}

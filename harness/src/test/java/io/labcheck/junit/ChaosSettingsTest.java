package io.labcheck.junit;

import io.labcheck.diagnose.Rule;
import io.labcheck.fault.FaultKind;

import java.util.EnumSet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * labcheck.faults and labcheck.rules.disabled as a lab suite reads them: a name of no fault or rule is an error that
 * says which name and which are known, never a setting quietly ignored (a mutation check that turned off a rule
 * misspelt would have proved nothing).
 */
class ChaosSettingsTest {
    private static final String FAULT_IDS = "key-permissions, ssh-port-closed, instance-stopped, app-port-closed,"
            + " loopback-bind, app-not-running, out-of-memory, venv-inactive, eip-unassociated, container-exited, dns-stale,"
            + " firewall-blocks-port";

    @Test
    void faultsAreAllNoneOrTheIdsInTheirOrder() {
        assertThat(LabTests.faults("all")).containsExactly(FaultKind.values());
        assertThat(LabTests.faults("none")).isEmpty();
        assertThat(LabTests.faults(" loopback-bind, App-Port-Closed ,,"))
                .containsExactly(FaultKind.LOOPBACK_BIND, FaultKind.APP_PORT_CLOSED);
    }

    @Test
    void aFaultOfNoKindIsAnErrorNamingItAndTheKnownOnes() {
        assertThatThrownBy(() -> LabTests.faults("loopback-bind,loopback"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("labcheck.faults: 'loopback' is no fault; the known ones are " + FAULT_IDS);
        assertThatThrownBy(() -> LabTests.faults("all,none")).hasMessageStartingWith("labcheck.faults: 'all' is no fault;");
    }

    @Test
    void rulesAreAllButTheDisabledOnes() {
        assertThat(LabTests.rulesWithout("")).isEqualTo(EnumSet.allOf(Rule.class));
        assertThat(LabTests.rulesWithout("loopback-bind, OUT-OF-MEMORY"))
                .isEqualTo(EnumSet.complementOf(EnumSet.of(Rule.LOOPBACK_BIND, Rule.OUT_OF_MEMORY)));
        assertThat(LabTests.rulesWithout(String.join(",", java.util.Arrays.stream(Rule.values()).map(Rule::code).toList())))
                .isEmpty();
    }

    @Test
    void aDisabledRuleThatIsNoRuleIsAnErrorNamingItAndTheKnownOnes() {
        assertThatThrownBy(() -> LabTests.rulesWithout("loopback_bind"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("labcheck.rules.disabled: 'loopback_bind' is no diagnosis rule; the known ones are instance-stopped,"
                        + " key-permissions, ssh-port-closed, app-port-closed, firewall-blocks-port, loopback-bind, app-not-running,"
                        + " venv-inactive, out-of-memory, eip-unassociated, container-exited, dns-stale");
    }
}

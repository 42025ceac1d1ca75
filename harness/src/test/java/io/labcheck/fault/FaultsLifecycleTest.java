package io.labcheck.fault;

import io.labcheck.cloud.embedded.ApiFault;
import io.labcheck.cloud.embedded.CloudWithInstance;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What {@link Faults} promises around any injector, and what the Elastic IP's checks look at, on the embedded
 * cloud alone (eip-unassociated lives in the API, so no host is needed): close() takes back what is still in, a
 * fault is reverted once, a revert that fails is an error, and a check sees only the address its fault allocated.
 */
class FaultsLifecycleTest {
    private CloudWithInstance lab;
    private Deployment deployment;

    @BeforeEach
    void launch() {
        lab = new CloudWithInstance();
        deployment = Deployment.withoutApp(lab.ec2, lab.instanceId, null, "ubuntu", null);
    }

    @AfterEach
    void close() {
        lab.close();
    }

    @Test
    void closeRevertsWhatIsStillActive() {
        Faults faults = new Faults(deployment);
        Fault f = faults.inject(FaultKind.EIP_UNASSOCIATED);
        assertThat(faults.active()).containsExactly(f);
        assertThat(lab.ec2.describeAddresses().addresses()).hasSize(1);
        faults.close();
        assertThat(faults.active()).isEmpty();
        assertThat(lab.ec2.describeAddresses().addresses()).as("released by close()").isEmpty();
    }

    @Test
    void aFaultIsRevertedOnce() {
        try (Faults faults = new Faults(deployment)) {
            Fault f = faults.inject(FaultKind.EIP_UNASSOCIATED);
            assertThat(faults.revert(f).holds()).isTrue();
            assertThat(faults.active()).isEmpty();
            assertThatThrownBy(() -> faults.revert(f)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("eip-unassociated is not active");
        }
    }

    @Test
    void aRevertThatFailsIsAnErrorAtClose() {
        Faults faults = new Faults(deployment);
        faults.inject(FaultKind.EIP_UNASSOCIATED);
        lab.cloud.api().action("ReleaseAddress").fail(ApiFault.INTERNAL_ERROR);
        assertThatThrownBy(faults::close).isInstanceOf(FaultException.class)
                .hasMessageStartingWith("faults left in place: [eip-unassociated: ");
        assertThat(faults.active()).as("tried once, not again").isEmpty();
        lab.cloud.api().reset();
    }

    @Test
    void anInjectionThatDidNotTakeIsAnErrorAndCloseStillTakesItBack() {
        Scripted fault = new Scripted(Check.no("nothing changed"), Check.yes("as before"));
        Faults faults = new Faults(deployment);
        assertThatThrownBy(() -> faults.inject(fault)).isInstanceOf(FaultException.class)
                .hasMessage("eip-unassociated was injected but did not take: nothing changed");
        assertThat(faults.active()).as("left for close() to revert").containsExactly(fault);
        faults.close();
        assertThat(fault.reverts).isEqualTo(1);
    }

    @Test
    void aRevertThatDidNotTakeIsAnError() {
        Scripted fault = new Scripted(Check.yes("in"), Check.no("still in"));
        Faults faults = new Faults(deployment);
        assertThat(faults.inject(fault)).isSameAs(fault);
        assertThatThrownBy(() -> faults.revert(fault)).isInstanceOf(FaultException.class)
                .hasMessage("eip-unassociated could not be reverted: still in");
        assertThat(fault.reverts).isEqualTo(1);
    }

    /** A fault whose checks say what the test wants, to see what {@link Faults} does with each answer. */
    private static final class Scripted implements Fault {
        private final Check applied;
        private final Check reverted;
        int reverts;

        Scripted(Check applied, Check reverted) {
            this.applied = applied;
            this.reverted = reverted;
        }

        @Override
        public FaultKind kind() {
            return FaultKind.EIP_UNASSOCIATED;
        }

        @Override
        public void inject(Deployment d) { }

        @Override
        public Check applied(Deployment d) {
            return applied;
        }

        @Override
        public void revert(Deployment d) {
            reverts++;
        }

        @Override
        public Check reverted(Deployment d) {
            return reverted;
        }
    }

    @Test
    void beforeItsInjectionTheFaultHasNothingToCheckOrTakeBack() {
        Fault f = FaultKind.EIP_UNASSOCIATED.newFault();
        lab.ec2.allocateAddress(r -> r.domain("vpc")); // someone else's idle address: not this fault's
        assertThat(f.applied(deployment)).isEqualTo(Check.no("describe-addresses does not list null"));
        f.revert(deployment);
        assertThat(lab.ec2.describeAddresses().addresses()).as("nothing of ours to release").hasSize(1);
        assertThat(f.reverted(deployment).holds()).isTrue();
    }

    @Test
    void itsChecksSeeOnlyItsOwnAddressAndWhetherItIsAssociated() {
        Fault f = FaultKind.EIP_UNASSOCIATED.newFault();
        f.inject(deployment);
        String other = lab.ec2.allocateAddress(r -> r.domain("vpc")).allocationId();
        String ours = lab.ec2.describeAddresses().addresses().stream().map(a -> a.allocationId()).filter(id -> !id.equals(other))
                .findFirst().orElseThrow();
        Check idle = f.applied(deployment);
        assertThat(idle.holds()).isTrue();
        assertThat(idle.detail()).endsWith("(" + ours + ") is allocated and associated with no instance");
        Check notYet = f.reverted(deployment);
        assertThat(notYet.holds()).as("not reverted yet").isFalse();
        assertThat(notYet.detail()).endsWith("(" + ours + ") is still allocated");

        String association = lab.ec2.associateAddress(r -> r.allocationId(ours).instanceId(lab.instanceId)).associationId();
        Check inUse = f.applied(deployment);
        assertThat(inUse.holds()).isFalse();
        assertThat(inUse.detail()).endsWith("(" + ours + ") is associated with " + lab.instanceId);
        lab.ec2.disassociateAddress(r -> r.associationId(association)); // an address in use cannot be released

        f.revert(deployment);
        Check reverted = f.reverted(deployment);
        assertThat(reverted.holds()).as("the other address is still there, ours is not").isTrue();
        assertThat(reverted.detail()).endsWith("(" + ours + ") is released");
        assertThat(lab.ec2.describeAddresses().addresses()).singleElement()
                .satisfies(a -> assertThat(a.allocationId()).isEqualTo(other));
    }
}

package io.labcheck.fault;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The catalogue without a server: ids, what each fault is about, and why one cannot be made on a deployment. */
class FaultKindTest {
    private static final String ALL_IDS = "key-permissions, ssh-port-closed, instance-stopped, app-port-closed,"
            + " loopback-bind, app-not-running, out-of-memory, venv-inactive, eip-unassociated, container-exited, dns-stale,"
            + " firewall-blocks-port";

    private static Deployment app(String start, String unit, Path key) {
        return new Deployment(null, "i-1", key, "ubuntu", 8000, start, "uvicorn main:app", unit, null);
    }

    @Test
    void anIdIsFoundWhateverItsCaseAndSpaces() {
        for (FaultKind kind : FaultKind.values()) {
            assertThat(FaultKind.fromId(kind.id())).isSameAs(kind);
        }
        assertThat(FaultKind.fromId(" Loopback-Bind ")).isSameAs(FaultKind.LOOPBACK_BIND);
    }

    @Test
    void anUnknownIdIsAnErrorListingTheKnownOnes() {
        assertThatThrownBy(() -> FaultKind.fromId("loopback"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown fault 'loopback': use one of " + ALL_IDS);
        assertThatThrownBy(() -> FaultKind.fromId(null)).hasMessage("unknown fault 'null': use one of " + ALL_IDS);
        assertThatThrownBy(() -> FaultKind.fromId("")).hasMessageStartingWith("unknown fault '': use one of ");
    }

    @Test
    void eachKindSaysWhatItIsAndMakesItsOwnInjector() {
        for (FaultKind kind : FaultKind.values()) {
            assertThat(kind.description()).as(kind.id()).isNotBlank();
            Fault fault = kind.newFault();
            assertThat(fault.kind()).as(kind.id()).isSameAs(kind);
            assertThat(kind.newFault()).as("a fresh injector each time").isNotSameAs(fault);
        }
        assertThat(FaultKind.SSH_PORT_CLOSED.description()).isEqualTo("no security-group rule admits port 22");
        assertThat(FaultKind.APP_PORT_CLOSED.newFault()).isInstanceOf(PortRuleFault.class);
        assertThat(FaultKind.SSH_PORT_CLOSED.newFault()).isInstanceOf(PortRuleFault.class);
    }

    @Test
    void theFaultsAboutTheAppAreThoseOnItsPortProcessCommandOrVenv() {
        Set<FaultKind> aboutTheApp = EnumSet.noneOf(FaultKind.class);
        Arrays.stream(FaultKind.values()).filter(FaultKind::aboutTheApp).forEach(aboutTheApp::add);
        assertThat(aboutTheApp).containsExactlyInAnyOrder(FaultKind.APP_PORT_CLOSED, FaultKind.LOOPBACK_BIND,
                FaultKind.APP_NOT_RUNNING, FaultKind.VENV_INACTIVE, FaultKind.FIREWALL_BLOCKS_PORT);
    }

    @Test
    void withoutAnAppOnlyTheFaultsNotAboutItApply() {
        Deployment instanceOnly = Deployment.withoutApp(null, "i-1", null, "ubuntu", null);
        // what a container or a domain needs, beyond the instance, is not there either: each says what it misses
        Set<FaultKind> needMore = EnumSet.of(FaultKind.CONTAINER_EXITED, FaultKind.DNS_STALE);
        for (FaultKind kind : FaultKind.values()) {
            if (needMore.contains(kind)) {
                assertThat(kind.whyNot(instanceOnly)).as(kind.id()).isNotBlank();
                continue;
            }
            assertThat(kind.whyNot(instanceOnly)).as(kind.id()).isEqualTo(kind.aboutTheApp() ? FaultKind.NO_APP : "");
            assertThat(kind.appliesTo(instanceOnly)).as(kind.id()).isEqualTo(!kind.aboutTheApp());
        }
        assertThat(FaultKind.CONTAINER_EXITED.whyNot(instanceOnly)).startsWith("no running container publishes a port");
        assertThat(FaultKind.DNS_STALE.whyNot(instanceOnly)).isEqualTo("the lab points no domain at the server (it set no"
                + " DNS record)");
    }

    @Test
    void aVenvFaultNeedsAnAppStartedFromAVenv() {
        assertThat(FaultKind.VENV_INACTIVE.whyNot(app("cd app && source venv/bin/activate && nohup uvicorn main:app &", "",
                null))).isEmpty();
        assertThat(FaultKind.VENV_INACTIVE.whyNot(app("cd app && . .venv/bin/activate && nohup uvicorn main:app &", "",
                null))).isEmpty();
        Deployment noVenv = app("cd app && nohup uvicorn main:app --host 0.0.0.0 &", "", null);
        assertThat(FaultKind.VENV_INACTIVE.whyNot(noVenv)).isEqualTo("the app is not started from a venv");
        assertThat(FaultKind.VENV_INACTIVE.appliesTo(noVenv)).isFalse();
    }

    @Test
    void aLoopbackFaultNeedsABindAddressToMove() {
        assertThat(FaultKind.LOOPBACK_BIND.whyNot(app("nohup uvicorn main:app --host 0.0.0.0 &", "", null))).isEmpty();
        // a unit's bind address is moved in a drop-in, where its ExecStart has one: read on the server
        assertThat(FaultKind.LOOPBACK_BIND.whyNot(app("sudo systemctl restart app", "app.service", null)))
                .isEqualTo("the app.service unit's ExecStart cannot be read: there is no way onto the server");
        Deployment defaultBind = app("nohup uvicorn main:app &", "", null);
        assertThat(FaultKind.LOOPBACK_BIND.whyNot(defaultBind))
                .isEqualTo("the app is not started with --host 0.0.0.0, so there is no bind address to move");
        assertThat(FaultKind.LOOPBACK_BIND.appliesTo(defaultBind)).isFalse();
    }

    @Test
    void aKeyFaultNeedsAProtectedKey(@TempDir Path dir) throws Exception {
        Path key = Files.writeString(dir.resolve("lab.pem"), "not a key\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("r--------"));
        assertThat(FaultKind.KEY_PERMISSIONS.whyNot(app("", "", key))).isEmpty();
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(FaultKind.KEY_PERMISSIONS.whyNot(app("", "", key)))
                .isEqualTo("the key lab.pem is readable by others already: there is no protected key to open up");
    }

    @Test
    void theOtherFaultsApplyToAnyAppDeployment() {
        Deployment d = app("nohup uvicorn main:app &", "", null);
        for (FaultKind kind : EnumSet.of(FaultKind.SSH_PORT_CLOSED, FaultKind.INSTANCE_STOPPED, FaultKind.APP_PORT_CLOSED,
                FaultKind.APP_NOT_RUNNING, FaultKind.OUT_OF_MEMORY, FaultKind.EIP_UNASSOCIATED)) {
            assertThat(kind.whyNot(d)).as(kind.id()).isEmpty();
            assertThat(kind.appliesTo(d)).as(kind.id()).isTrue();
        }
    }

    @Test
    void aCheckSaysWhetherItHoldsAndWhatShowedIt() {
        assertThat(Check.yes("port 8000 listens on 0.0.0.0:8000")).isEqualTo(new Check(true, "port 8000 listens on 0.0.0.0:8000"));
        assertThat(Check.no("port 8000 listens on nothing")).isEqualTo(new Check(false, "port 8000 listens on nothing"));
    }
}

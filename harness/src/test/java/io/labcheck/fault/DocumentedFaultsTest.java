package io.labcheck.fault;

import io.labcheck.junit.RequiresSeedLabs;

import io.labcheck.lab.LabPlan;
import io.labcheck.lab.SeedLabs;
import io.labcheck.lab.TroubleshootingEntry;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Where seed 000's troubleshooting section (read as data) describes each fault of the catalogue. */
@RequiresSeedLabs
class DocumentedFaultsTest {
    private static final List<TroubleshootingEntry> SEED_000 =
            LabPlan.read(SeedLabs.directory().resolve("000_e487fc6f44fbae74.txt")).troubleshooting();

    /** Hand-checked against the document: problem number and the cause's number under it (0: the problem as a whole). */
    private static final Map<FaultKind, String> WHERE = Map.of(
            FaultKind.KEY_PERMISSIONS, "문제 1 / 원인 1",
            FaultKind.SSH_PORT_CLOSED, "문제 1 / 원인 2",
            FaultKind.INSTANCE_STOPPED, "문제 1 / 원인 3",
            FaultKind.APP_PORT_CLOSED, "문제 2 / 원인 1",
            FaultKind.LOOPBACK_BIND, "문제 2 / 원인 2",
            FaultKind.APP_NOT_RUNNING, "문제 2 / 원인 3",
            FaultKind.VENV_INACTIVE, "문제 3",
            FaultKind.OUT_OF_MEMORY, "문제 4");

    @Test
    void everyFaultIsFoundWhereTheDocumentDescribesIt() {
        assertThat(SEED_000).hasSizeGreaterThanOrEqualTo(4);
        for (FaultKind kind : WHERE.keySet()) {
            Optional<DocumentedFaults.Place> place = DocumentedFaults.find(kind, SEED_000);
            assertThat(place).as(kind.id()).isPresent();
            assertThat(describe(place.get())).as(kind.id()).startsWith(WHERE.get(kind));
        }
    }

    @Test
    void seed000SaysNothingOfAnElasticIpsCostNorOfContainersOrDns() {
        assertThat(DocumentedFaults.find(FaultKind.EIP_UNASSOCIATED, SEED_000)).isEmpty();
        assertThat(DocumentedFaults.find(FaultKind.CONTAINER_EXITED, SEED_000)).isEmpty();
        assertThat(DocumentedFaults.find(FaultKind.DNS_STALE, SEED_000)).isEmpty();
        assertThat(DocumentedFaults.find(FaultKind.FIREWALL_BLOCKS_PORT, SEED_000)).as("it names no ufw").isEmpty();
    }

    /** Seed 002 (Docker, a domain, nginx): its container that exits, its domain, and its swap for memory. */
    @Test
    void seed002DescribesTheContainerThatExitsTheDomainAndMemory() {
        List<TroubleshootingEntry> seed002 = LabPlan.read(SeedLabs.directory().resolve("002_4ea6e1dbebd9b71b.txt"))
                .troubleshooting();
        DocumentedFaults.Place container = DocumentedFaults.find(FaultKind.CONTAINER_EXITED, seed002).orElseThrow();
        assertThat(container.entry().problem()).startsWith("문제 3");
        assertThat(container.entry().symptom()).contains("Container exited (1)");
        assertThat(DocumentedFaults.find(FaultKind.DNS_STALE, seed002).orElseThrow().entry().problem()).startsWith("문제 1");
        // its fourth check: sudo ufw status, then allow 80 and 443
        DocumentedFaults.Place ufw = DocumentedFaults.find(FaultKind.FIREWALL_BLOCKS_PORT, seed002).orElseThrow();
        assertThat(ufw.entry().problem()).startsWith("문제 1");
        assertThat(ufw.cause() == null ? ufw.entry().allCommands() : ufw.cause().commands())
                .anyMatch(t -> t.command().text().equals("sudo ufw status"));
        assertThat(DocumentedFaults.find(FaultKind.OUT_OF_MEMORY, seed002)).isPresent();
        assertThat(DocumentedFaults.find(FaultKind.VENV_INACTIVE, seed002)).isEmpty();
    }

    @Test
    void anElasticIpsBillOrItsReleaseIsAboutTheUnassociatedAddress() {
        List<TroubleshootingEntry> section = LabPlan.parse("eip.md", """
                # A server with a fixed address

                ## Troubleshooting

                ### The bill shows an Elastic IP charge

                **Symptom**

                The monthly bill has a line for an Elastic IP although nothing else changed.

                **Cause 1: the address is not attached to an instance**

                ```bash
                aws ec2 release-address --allocation-id eipalloc-0123456789abcdef0
                ```
                """).troubleshooting();
        assertThat(section).hasSize(1);
        assertThat(DocumentedFaults.find(FaultKind.EIP_UNASSOCIATED, section)).isPresent();
        assertThat(DocumentedFaults.find(FaultKind.INSTANCE_STOPPED, section)).isEmpty();
    }

    @Test
    void aSectionWithoutTheFaultGivesNothing() {
        List<TroubleshootingEntry> onlyMemory = SEED_000.stream().filter(e -> e.problem().startsWith("문제 4")).toList();
        assertThat(DocumentedFaults.find(FaultKind.OUT_OF_MEMORY, onlyMemory)).isPresent();
        for (FaultKind kind : List.of(FaultKind.KEY_PERMISSIONS, FaultKind.SSH_PORT_CLOSED, FaultKind.LOOPBACK_BIND,
                FaultKind.APP_NOT_RUNNING, FaultKind.VENV_INACTIVE, FaultKind.APP_PORT_CLOSED)) {
            assertThat(DocumentedFaults.find(kind, onlyMemory)).as(kind.id()).isEmpty();
        }
        assertThat(DocumentedFaults.find(FaultKind.KEY_PERMISSIONS, List.of())).isEmpty();
    }

    @Test
    void aProcessCheckForAnyProgramIsAboutTheAppNotRunning() {
        List<TroubleshootingEntry> gunicorn = LabPlan.parse("gunicorn.md", """
                # A Flask app behind gunicorn

                ## Troubleshooting

                ### The page does not load

                **Symptom**

                ```console
                $ curl http://<public-ip>:8000/
                curl: (7) Failed to connect
                ```

                **Cause 1: look for the process**

                ```bash
                ps aux | grep gunicorn
                ```
                """).troubleshooting();
        assertThat(gunicorn).hasSize(1);
        assertThat(DocumentedFaults.find(FaultKind.APP_NOT_RUNNING, gunicorn)).as("ps aux | grep gunicorn").isPresent();
    }

    private static String describe(DocumentedFaults.Place place) {
        String problem = place.entry().problem().split(":")[0].strip();
        return place.cause() == null ? problem : problem + " / " + place.cause().title().split(":")[0].strip();
    }

    private static List<TroubleshootingEntry> section(String problem, String symptom, String check) {
        return LabPlan.parse("t.md", "# A lab\n\n## Troubleshooting\n\n### " + problem + "\n\n**Symptom**\n\n"
                + symptom + "\n\n**Cause 1: something**\n\n```bash\n# check\n" + check + "\n```\n").troubleshooting();
    }

    @Test
    void aContainerIsNamedByItsLogsOrByItsExitOrRestartAndADomainByItsLookupOrItsRecord() {
        assertThat(DocumentedFaults.find(FaultKind.CONTAINER_EXITED, section("The page is blank", "Nothing loads",
                "docker logs web"))).isPresent();
        assertThat(DocumentedFaults.find(FaultKind.CONTAINER_EXITED, section("The container keeps restarting", "It is"
                + " never up", "uptime"))).isPresent();
        assertThat(DocumentedFaults.find(FaultKind.CONTAINER_EXITED, section("The container is slow", "Pages take"
                + " seconds", "uptime"))).as("a container, but no exit or restart").isEmpty();
        assertThat(DocumentedFaults.find(FaultKind.CONTAINER_EXITED, section("The app exits", "It stops", "uptime")))
                .as("an exit, but no container").isEmpty();
        assertThat(DocumentedFaults.find(FaultKind.DNS_STALE, section("The site is unreachable", "Nothing loads",
                "dig example.com"))).isPresent();
        assertThat(DocumentedFaults.find(FaultKind.DNS_STALE, section("The A record is wrong", "Nothing loads",
                "uptime"))).isPresent();
        assertThat(DocumentedFaults.find(FaultKind.DNS_STALE, section("The site is slow", "Pages take seconds",
                "uptime"))).isEmpty();
    }
}

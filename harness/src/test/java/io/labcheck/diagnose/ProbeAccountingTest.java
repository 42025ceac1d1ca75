package io.labcheck.diagnose;

import io.labcheck.cloud.embedded.CloudWithInstance;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every probe of a diagnosis is accounted for, each with the outcome its evidence gives: the API's looks answer (and
 * show health only when what they saw is healthy), the ports on a closed port answer "refused", and every look on the
 * server is "not run" with the reason, so no probe is silently missing and none is read as health it did not show.
 * The ports are ones nothing listens on, so the answers do not depend on what else runs on this machine.
 */
class ProbeAccountingTest {
    private static final IpRange ANYWHERE = IpRange.builder().cidrIp("0.0.0.0/0").build();

    private CloudWithInstance lab;
    private Path key;
    private int sshPort;
    private int appPort;

    @BeforeEach
    void launch(@TempDir Path dir) throws IOException {
        lab = new CloudWithInstance();
        // a real key (the console's), protected as OpenSSH wants: the key probe answers healthy with or without ssh-keygen
        String material = lab.ec2.createKeyPair(r -> r.keyName("lab")).keyMaterial();
        key = Files.writeString(dir.resolve("lab.pem"), material);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("r--------"));
        sshPort = closedPort();
        appPort = closedPort();
    }

    @AfterEach
    void close() {
        lab.close();
    }

    /** A port nothing listens on now: connects to it are refused. */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Whether a student's tool is on this machine (the probes then run it; without it they say so). */
    private static boolean installed(String tool) {
        try {
            new ProcessBuilder(tool, "--version").redirectErrorStream(true).start().waitFor();
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void admit(int port) {
        lab.ec2.authorizeSecurityGroupIngress(r -> r.groupId(lab.groupId).ipPermissions(IpPermission.builder()
                .ipProtocol("tcp").fromPort(port).toPort(port).ipRanges(ANYWHERE).build()));
    }

    private Subject subject(int app) {
        return new Subject(lab.ec2, lab.instanceId, null, sshPort, key, "ubuntu", app, "sudo systemctl restart app",
                "uvicorn main:app --host 0.0.0.0", Map.of());
    }

    private static Diagnosis.Report diagnose(Subject subject) {
        try (Diagnosis d = new Diagnosis(EnumSet.allOf(Rule.class))) {
            return d.run(subject);
        }
    }

    private static Map<String, Probe> byName(Diagnosis.Report report) {
        Map<String, Probe> probes = new LinkedHashMap<>();
        report.observations().probes().forEach(p -> probes.put(p.name(), p));
        return probes;
    }

    @Test
    void everyProbeOfARunningInstanceWithClosedPortsHasItsOutcome() {
        admit(sshPort);
        admit(appPort);
        Subject subject = subject(appPort);
        Diagnosis.Report report = diagnose(subject);
        Map<String, Probe> probes = byName(report);

        assertThat(report.observations().probes()).as("each probe once").hasSize(Diagnosis.probeNames(subject).size());
        assertThat(probes.keySet()).containsExactlyInAnyOrderElementsOf(Diagnosis.probeNames(subject));
        assertThat(probes.values()).as("no probe failed").noneMatch(p -> p.outcome() == Probe.Outcome.FAILED);

        assertThat(probes.get(Probes.KEY)).satisfies(p -> assertThat(p.answered() && p.showsHealth()).isTrue());
        assertThat(probes.get(Probes.INSTANCE)).satisfies(p -> {
            assertThat(p.answered() && p.showsHealth()).isTrue();
            assertThat(p.detail()).startsWith(lab.instanceId + " is running, public IP 127.");
        });
        assertThat(probes.get(Probes.GROUPS)).satisfies(p -> {
            assertThat(p.answered() && p.showsHealth()).as("both ports admitted").isTrue();
            assertThat(p.detail()).contains("port " + sshPort + " admitted by", "port " + appPort + " admitted by");
        });
        assertThat(probes.get(Probes.ADDRESSES)).satisfies(p -> assertThat(p.answered() && p.showsHealth()).isTrue());
        for (int port : List.of(sshPort, appPort)) {
            assertThat(probes.get(Probes.port(port))).satisfies(p -> {
                assertThat(p.answered()).isTrue();
                assertThat(p.showsHealth()).as("refused is not health").isFalse();
            });
            assertThat(report.observations().reach(port)).contains(Reach.REFUSED);
        }
        assertThat(probes.get(Probes.SSH).answered() && !probes.get(Probes.SSH).showsHealth()).isTrue();
        assertThat(probes.get(Probes.SSH).detail()).as("sshd not on 22: -p, as a student types it")
                .contains("ssh -i " + key + " -p " + sshPort + " ");
        assertThat(probes.get(Probes.CURL).answered() && !probes.get(Probes.CURL).showsHealth()).isTrue();
        assertThat(probes.get(Probes.LOGIN)).satisfies(p -> {
            assertThat(p.outcome()).isEqualTo(Probe.Outcome.NOT_RUN);
            assertThat(p.detail()).isEqualTo("port " + sshPort + " is " + Reach.REFUSED + " from outside");
        });
        for (String onServer : List.of(Probes.listeners(appPort), Probes.MEMORY, Probes.LOG, Probes.MODULES, Probes.PROCESSES)) {
            assertThat(probes.get(onServer)).satisfies(p -> {
                assertThat(p.outcome()).as(onServer).isEqualTo(Probe.Outcome.NOT_RUN);
                assertThat(p.detail()).startsWith("what it needs did not answer (").contains(Probes.LOGIN);
            });
        }
        assertThat(report.observations().ingressSources.get(sshPort)).as("who the rule admits").containsExactly("0.0.0.0/0");
        assertThat(report.observations().evidence()).contains("workstation: lab.pem mode r--------");
        assertThat(report.verdict()).isEqualTo(Diagnosis.Verdict.INCOMPLETE);
        assertThat(report.couldNotCheck()).contains("could not check " + Probes.LOGIN + ": not run, port " + sshPort
                + " is " + Reach.REFUSED + " from outside");
        // bounded by the probes' own bound (60 s) with a margin: a duration, not a clock reading
        assertThat(report.took()).isPositive().isLessThan(Diagnosis.ALL_PROBES.plus(Duration.ofSeconds(30)));
    }

    @Test
    void withoutAnAppThereIsNoAppProbeAndAnAppPortNotAdmittedIsNotHealth() {
        admit(sshPort);
        Subject noApp = subject(0);
        Diagnosis.Report report = diagnose(noApp);
        assertThat(byName(report).keySet()).containsExactlyInAnyOrderElementsOf(Diagnosis.probeNames(noApp))
                .doesNotContain(Probes.CURL, Probes.MODULES, Probes.FIREWALL).noneMatch(n -> n.startsWith("what listens"));
        assertThat(Diagnosis.probeNames(noApp)).containsExactly(Probes.KEY, Probes.INSTANCE, Probes.GROUPS,
                Probes.ADDRESSES, Probes.port(sshPort), Probes.SSH, Probes.LOGIN, Probes.MEMORY, Probes.LOG,
                Probes.CONTAINERS, Probes.PROCESSES);

        Subject app = subject(appPort); // the app's port is not admitted
        Probe groups = byName(diagnose(app)).get(Probes.GROUPS);
        assertThat(groups.answered()).isTrue();
        assertThat(groups.showsHealth()).isFalse();
        assertThat(groups.detail()).contains("no inbound rule of [" + lab.groupId + "] admits port " + appPort);
        assertThat(Diagnosis.probeNames(app)).containsExactly(Probes.KEY, Probes.INSTANCE, Probes.GROUPS,
                Probes.ADDRESSES, Probes.port(sshPort), Probes.SSH, Probes.port(appPort), Probes.CURL, Probes.LOGIN,
                Probes.listeners(appPort), Probes.FIREWALL, Probes.MEMORY, Probes.LOG, Probes.CONTAINERS, Probes.MODULES,
                Probes.PROCESSES);
        Subject site = app.withSite(new Subject.Site(List.of("lab.example"), "127.0.0.1"));
        assertThat(Diagnosis.probeNames(site)).as("a site's DNS is looked at from outside, after the API")
                .containsSubsequence(Probes.ADDRESSES, Probes.DNS, Probes.port(sshPort));
    }

    @Test
    void aStoppedInstanceLeavesNothingToTryFromOutsideAndSaysWhy() {
        admit(sshPort);
        admit(appPort);
        lab.ec2.stopInstances(r -> r.instanceIds(lab.instanceId));
        Subject subject = subject(appPort);
        Map<String, Probe> probes = byName(diagnose(subject));
        assertThat(probes.keySet()).containsExactlyInAnyOrderElementsOf(Diagnosis.probeNames(subject));
        assertThat(probes.get(Probes.INSTANCE).answered()).isTrue();
        assertThat(probes.get(Probes.INSTANCE).showsHealth()).as("stopped").isFalse();
        assertThat(probes.get(Probes.GROUPS).answered()).as("still looked at").isTrue();
        assertThat(probes.get(Probes.ADDRESSES).answered()).as("still looked at").isTrue();
        for (String name : List.of(Probes.port(sshPort), Probes.SSH, Probes.LOGIN, Probes.port(appPort), Probes.CURL)) {
            assertThat(probes.get(name).outcome()).as(name).isEqualTo(Probe.Outcome.NOT_RUN);
            assertThat(probes.get(name).detail()).as(name).isEqualTo("the instance has no public address (it is stopped)");
        }
    }

    @Test
    void anElasticIpAssociatedWithNothingIsNotHealth() {
        admit(sshPort);
        String allocation = lab.ec2.allocateAddress(r -> r.domain("vpc")).allocationId();
        Probe loose = byName(diagnose(subject(0))).get(Probes.ADDRESSES);
        assertThat(loose.answered()).isTrue();
        assertThat(loose.showsHealth()).isFalse();
        assertThat(loose.detail()).contains("associated with nothing");

        lab.ec2.associateAddress(r -> r.allocationId(allocation).instanceId(lab.instanceId));
        Probe on = byName(diagnose(subject(0))).get(Probes.ADDRESSES);
        assertThat(on.showsHealth()).isTrue();
        assertThat(on.detail()).contains("on " + lab.instanceId);
    }

    @Test
    void withoutCredentialsTheApisLooksAreSkippedSayingSoAndTheAddressGivenIsTried() {
        Subject mine = new Subject(null, null, "127.0.0.1", sshPort, key, "ubuntu", 0, "", "", Map.of());
        Diagnosis.Report report = diagnose(mine);
        Map<String, Probe> probes = byName(report);
        for (String api : List.of(Probes.INSTANCE, Probes.GROUPS, Probes.ADDRESSES)) {
            assertThat(probes.get(api).outcome()).as(api).isEqualTo(Probe.Outcome.SKIPPED);
            assertThat(probes.get(api).detail()).startsWith("no cloud credentials");
        }
        assertThat(report.observations().reach(sshPort)).as("the address given is tried").contains(Reach.REFUSED);
        assertThat(report.summary()).doesNotStartWith("nothing wrong");
    }

    @Test
    void aDiagnosisWithNoRulesStillLooksAndFindsNothing() {
        admit(sshPort);
        try (Diagnosis d = new Diagnosis(Set.of())) {
            Diagnosis.Report report = d.run(subject(0));
            assertThat(report.findings()).isEmpty();
            assertThat(report.observations().probes()).isNotEmpty();
        }
    }

    @Test
    void anOpenPortIsHealthAndIsWhereTheLoginIsTriedAndAnAppAnsweringHttpIsHealth() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(installed("curl"), "curl is not installed here");
        com.sun.net.httpserver.HttpServer app = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("0.0.0.0", 0), 0);
        app.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().write("ok".getBytes());
            exchange.close();
        });
        app.start();
        // "sshd" here accepts and hangs up at once: the port answers, the login is tried and fails without a wait
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getByName("0.0.0.0"))) {
            Thread hangUp = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        silent.accept().close();
                    } catch (IOException e) {
                        return; // closed at the test's end
                    }
                }
            }, "hang-up");
            hangUp.setDaemon(true);
            hangUp.start();
            sshPort = silent.getLocalPort();
            appPort = app.getAddress().getPort();
            admit(sshPort);
            admit(appPort);
            Subject subject = new Subject(lab.ec2, lab.instanceId, null, sshPort, key, "ubuntu", appPort,
                    "sudo systemctl restart app", "uvicorn main:app --host 0.0.0.0", Map.of());
            Diagnosis.Report report = diagnose(subject);
            Map<String, Probe> probes = byName(report);
            assertThat(probes.get(Probes.port(sshPort)).showsHealth()).as("open").isTrue();
            assertThat(probes.get(Probes.port(appPort)).showsHealth()).as("open").isTrue();
            assertThat(probes.get(Probes.CURL).showsHealth()).as("HTTP 200").isTrue();
            assertThat(probes.get(Probes.CURL).detail()).contains("HTTP 200");
            assertThat(probes.get(Probes.LOGIN).outcome()).as("tried, since the port answers")
                    .isEqualTo(Probe.Outcome.ANSWERED);
            assertThat(probes.get(Probes.LOGIN).showsHealth()).isFalse();
            assertThat(probes.get(Probes.LOGIN).detail()).startsWith("ssh: ");
            assertThat(report.observations().evidence()).as("the login's failure, by kind").anyMatch(e -> e.startsWith("ssh: "));
            for (String onServer : List.of(Probes.listeners(appPort), Probes.MEMORY, Probes.LOG, Probes.MODULES,
                    Probes.PROCESSES)) {
                assertThat(probes.get(onServer).outcome()).as(onServer).isEqualTo(Probe.Outcome.NOT_RUN);
                assertThat(probes.get(onServer).detail()).as(onServer).startsWith("no login: ");
            }
        } finally {
            app.stop(0);
        }
    }

    @Test
    void aProbeThatBrokeLeavesWhatNeedsItNotRunSayingWhy() {
        admit(sshPort);
        Subject subject = subject(0);
        try (Diagnosis d = new Diagnosis(EnumSet.allOf(Rule.class), Set.of(Probes.port(sshPort)))) {
            Map<String, Probe> probes = byName(d.run(subject));
            assertThat(probes.get(Probes.port(sshPort)).outcome()).isEqualTo(Probe.Outcome.FAILED);
            assertThat(probes.get(Probes.LOGIN).detail()).isEqualTo("port " + sshPort + " was not reached from outside");
        }
        try (Diagnosis d = new Diagnosis(EnumSet.allOf(Rule.class), Set.of(Probes.INSTANCE))) {
            Map<String, Probe> probes = byName(d.run(subject));
            assertThat(probes.get(Probes.INSTANCE).outcome()).isEqualTo(Probe.Outcome.FAILED);
            assertThat(probes.get(Probes.LOGIN).detail()).isEqualTo("the API did not say where the instance is");
            assertThat(probes.get(Probes.GROUPS).answered()).isTrue();
            assertThat(probes.get(Probes.GROUPS).showsHealth()).as("no group known").isFalse();
            assertThat(probes.get(Probes.GROUPS).detail()).isEqualTo("the instance is in no security group");
        }
    }

    @Test
    void theKeyProbeSaysWhatOpenSshSaysOfTheFile() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(installed("ssh-keygen"), "ssh-keygen is not installed here");
        admit(sshPort);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        Probe open = byName(diagnose(subject(0))).get(Probes.KEY);
        assertThat(open.answered()).isTrue();
        assertThat(open.showsHealth()).isFalse();
        assertThat(open.detail()).startsWith("mode rw-r--r--, OpenSSH: ").contains("are too open");

        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(key, "not a key at all\n");
        Probe notAKey = byName(diagnose(subject(0))).get(Probes.KEY);
        assertThat(notAKey.showsHealth()).isFalse();
        assertThat(notAKey.detail()).startsWith("mode rw-------, OpenSSH cannot load it without asking: ");
    }
}

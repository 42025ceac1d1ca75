package io.labcheck.diagnose;

import io.labcheck.fault.FaultKind;
import io.labcheck.host.MemoryReading;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.ec2.model.Address;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each part of each rule's condition on hand-made evidence, one at a time: the picture that fires the rule, and
 * the same picture with one piece changed that must not (or must, where the piece only adds evidence). Written
 * from PIT's survivors in io.labcheck.diagnose; {@link RuleTest} has the rules' main cases.
 */
class RuleConditionsTest {
    private static final String INSTANCE = "i-0123456789abcdef0";
    private static final Subject APP = subject(8000);
    private static final Subject NO_APP = subject(0);

    private static Subject subject(int port) {
        return new Subject(null, INSTANCE, Path.of("/home/s/lab.pem"), "ubuntu", port,
                port == 0 ? "" : "nohup uvicorn main:app --host 0.0.0.0 &", port == 0 ? "" : "uvicorn main:app",
                Map.of());
    }

    private static Optional<Finding> eval(Rule rule, Observations o) {
        return rule.evaluate(o, APP);
    }

    @Test
    void everyRuleCodeIsAFaultIdAndEveryFaultHasItsRule() {
        List<String> codes = Arrays.stream(Rule.values()).map(Rule::code).toList();
        List<String> ids = Arrays.stream(FaultKind.values()).map(FaultKind::id).toList();
        assertThat(codes).containsExactlyInAnyOrderElementsOf(ids).doesNotHaveDuplicates();
        assertThat(Rule.INSTANCE_STOPPED.code()).isEqualTo("instance-stopped");
    }

    @Test
    void aStoppedOrStoppingInstanceAndNoOtherState() {
        Observations o = new Observations();
        for (String state : List.of("pending", "running", "shutting-down", "terminated")) {
            o.instanceState = state;
            assertThat(eval(Rule.INSTANCE_STOPPED, o)).as(state).isEmpty();
        }
        o.instanceState = "stopping";
        assertThat(eval(Rule.INSTANCE_STOPPED, o).orElseThrow().cause())
                .isEqualTo("the instance " + INSTANCE + " is stopping: nothing answers at its address");
        o.instanceState = "stopped";
        Finding f = eval(Rule.INSTANCE_STOPPED, o).orElseThrow();
        assertThat(f.code()).isEqualTo("instance-stopped");
        assertThat(f.fix()).isEqualTo("aws ec2 start-instances --instance-ids " + INSTANCE
                + "   (then start the app again: nohup uvicorn main:app --host 0.0.0.0 &)");
        assertThat(f.evidence()).containsExactly("API: instance state stopped");
    }

    @Test
    void aStoppedInstanceWithoutAnAppHasNoAppToStartAgain() {
        Observations o = new Observations();
        o.instanceState = "stopped";
        assertThat(Rule.INSTANCE_STOPPED.evaluate(o, NO_APP).orElseThrow().fix())
                .isEqualTo("aws ec2 start-instances --instance-ids " + INSTANCE);
    }

    @Test
    void whatTheStudentTriedIsEvidenceWhenTheyTriedIt() {
        Observations o = new Observations();
        o.instanceState = "stopped";
        o.sshSymptom = new Symptom("ssh -i lab.pem ubuntu@203.0.113.5 true", 255, "ssh: connect to host: Connection timed out");
        assertThat(eval(Rule.INSTANCE_STOPPED, o).orElseThrow().evidence()).containsExactly("API: instance state stopped",
                "tried: ssh -i lab.pem ubuntu@203.0.113.5 true -> exit 255: ssh: connect to host: Connection timed out");
    }

    @Test
    void theAppsPortClosedNamesThatPortAndAGroupPlaceholderWhenNoGroupIsKnown() {
        Observations o = new Observations();
        o.instanceState = "running";
        o.ingress.put(22, true);
        o.ingress.put(8000, false);
        assertThat(eval(Rule.SSH_PORT_CLOSED, o)).as("22 is admitted").isEmpty();
        Finding f = eval(Rule.APP_PORT_CLOSED, o).orElseThrow();
        assertThat(f.code()).isEqualTo("app-port-closed");
        assertThat(f.cause()).isEqualTo("no inbound rule of the instance's security groups admits the app's port (port 8000):"
                + " connections are dropped and time out");
        assertThat(f.fix()).isEqualTo("aws ec2 authorize-security-group-ingress --group-id <group-id> --protocol tcp"
                + " --port 8000 --cidr <your-ip>/32");
        assertThat(f.evidence()).containsExactly("API: no inbound rule admits port 8000");

        o.ingressDetail.put(8000, "no inbound rule of [sg-1] admits port 8000");
        assertThat(eval(Rule.APP_PORT_CLOSED, o).orElseThrow().evidence())
                .containsExactly("API: no inbound rule of [sg-1] admits port 8000");
        whatWasSeenFromOutsideIsEvidenceToo(Rule.APP_PORT_CLOSED, o, Reach.TIMEOUT);
    }

    /** The rule's finding with the app's port reached from outside: the same evidence and that reach, last. */
    private static void whatWasSeenFromOutsideIsEvidenceToo(Rule rule, Observations o, Reach reach) {
        List<String> without = eval(rule, o).orElseThrow().evidence();
        o.reach.put(8000, reach);
        assertThat(eval(rule, o).orElseThrow().evidence()).as(rule.code()).startsWith(without.toArray(String[]::new))
                .endsWith("from outside: port 8000 " + reach).hasSize(without.size() + 1);
    }

    @Test
    void aPortNobodyLookedAtIsNoClosedPort() {
        Observations o = new Observations();
        o.instanceState = "running";
        o.ingress.put(22, false);
        assertThat(eval(Rule.APP_PORT_CLOSED, o)).as("port 8000 was not looked at").isEmpty();
        assertThat(eval(Rule.SSH_PORT_CLOSED, o)).isPresent();
        o.instanceState = null;
        assertThat(eval(Rule.SSH_PORT_CLOSED, o)).as("the instance's state unknown").isEmpty();
    }

    @Test
    void loopbackOnlyOnEitherLoopbackAndOnNoWildcard() {
        Observations o = new Observations();
        o.listeners = "[::1]:8000";
        assertThat(eval(Rule.LOOPBACK_BIND, o)).as("IPv6 loopback").isPresent();
        for (String l : List.of("", "  ", "10.0.0.5:8000", "127.0.0.1:9000", "127.0.0.1:8000\n*:8000",
                "[::1]:8000\n[::]:8000", "[::1]:8000\n0.0.0.0:8000")) {
            o.listeners = l;
            assertThat(eval(Rule.LOOPBACK_BIND, o)).as("listeners '%s'", l).isEmpty();
        }
    }

    @Test
    void loopbackOnlySaysWhatWasSeenFromBothSides() {
        Observations o = new Observations();
        o.listeners = "127.0.0.1:8000";
        Finding f = eval(Rule.LOOPBACK_BIND, o).orElseThrow();
        assertThat(f.cause()).isEqualTo("the app listens on 127.0.0.1:8000 only: it answers on the server and is refused"
                + " from anywhere else");
        assertThat(f.fix()).isEqualTo("restart it bound to all addresses: nohup uvicorn main:app --host 0.0.0.0 &");
        assertThat(f.evidence()).containsExactly("server: ss -ltn shows 127.0.0.1:8000");
        whatWasSeenFromOutsideIsEvidenceToo(Rule.LOOPBACK_BIND, o, Reach.REFUSED);
    }

    @Test
    void notRunningNeedsALoginAndNoListener() {
        Observations o = new Observations();
        o.sshOk = true;
        assertThat(eval(Rule.APP_NOT_RUNNING, o)).as("listeners not read").isEmpty();
        o.listeners = "0.0.0.0:8000";
        assertThat(eval(Rule.APP_NOT_RUNNING, o)).as("something listens").isEmpty();
        o.listeners = "";
        o.sshOk = false;
        assertThat(eval(Rule.APP_NOT_RUNNING, o)).as("the login failed").isEmpty();
        o.sshOk = true;
        Finding f = eval(Rule.APP_NOT_RUNNING, o).orElseThrow();
        assertThat(f.cause()).isEqualTo("nothing listens on port 8000: the app is not running");
        assertThat(f.fix()).isEqualTo("nohup uvicorn main:app --host 0.0.0.0 &");
        assertThat(f.evidence()).containsExactly("server: nothing listens on port 8000 (ss -ltn)");
        whatWasSeenFromOutsideIsEvidenceToo(Rule.APP_NOT_RUNNING, o, Reach.REFUSED);
    }

    private static Observations venvPicture() {
        Observations o = new Observations();
        o.sshOk = true;
        o.listeners = "";
        o.appModules = List.of("uvicorn");
        o.venvsWithApp = "/home/ubuntu/app/venv\n/home/ubuntu/old/venv";
        o.systemPythonHasApp = false;
        o.appLogError = "nohup: failed to run command 'uvicorn': No such file or directory";
        return o;
    }

    @Test
    void venvInactiveNeedsEveryPieceOfItsEvidence() {
        assertThat(eval(Rule.VENV_INACTIVE, venvPicture())).isPresent();
        Map<String, Consumer<Observations>> missing = Map.of(
                "no login", o -> o.sshOk = null,
                "listeners not read", o -> o.listeners = null,
                "the app listens", o -> o.listeners = "0.0.0.0:8000",
                "venvs not looked for", o -> o.venvsWithApp = null,
                "no venv has the app", o -> o.venvsWithApp = "",
                "the system python not asked", o -> o.systemPythonHasApp = null,
                "the log says nothing of it", o -> o.appLogError = null);
        missing.forEach((what, change) -> {
            Observations o = venvPicture();
            change.accept(o);
            assertThat(eval(Rule.VENV_INACTIVE, o)).as(what).isEmpty();
        });
    }

    @Test
    void venvInactiveNamesTheFirstVenvAndEveryModule() {
        Observations o = venvPicture();
        o.appModules = List.of("uvicorn", "fastapi");
        Finding f = eval(Rule.VENV_INACTIVE, o).orElseThrow();
        assertThat(f.cause()).isEqualTo("the app was started outside its venv: the system python (/usr/bin/python3) has no"
                + " uvicorn or fastapi; they are installed in /home/ubuntu/app/venv");
        assertThat(f.fix()).isEqualTo("source app/venv/bin/activate   (then check: which python3 -> /home/ubuntu/app/venv"
                + "/bin/python3), and start the app again");
        assertThat(f.evidence()).containsExactly("server: nothing listens on port 8000",
                "server: the app's log says: nohup: failed to run command 'uvicorn': No such file or directory",
                "server: /home/ubuntu/app/venv/bin/python imports uvicorn and fastapi; /usr/bin/python3 does not");
    }

    @Test
    void memoryFromEightyPercentUsedOnAndTheBiggestProcessWhenKnown() {
        Observations o = new Observations();
        o.memory = new MemoryReading(10_000, 7_999);
        assertThat(eval(Rule.OUT_OF_MEMORY, o)).as("just under 80%").isEmpty();
        o.memory = new MemoryReading(10_000, 8_000);
        assertThat(eval(Rule.OUT_OF_MEMORY, o).orElseThrow().evidence()).as("80% exactly").containsExactly("server: memory " + o.memory);
        o.biggestProcess = "700 MiB: python3 hog.py";
        assertThat(eval(Rule.OUT_OF_MEMORY, o).orElseThrow().evidence())
                .contains("server: memory " + o.memory, "server: biggest process 700 MiB: python3 hog.py");
    }

    @Test
    void anAddressWithAnInstanceOrAnAssociationIsInUse() {
        Observations o = new Observations();
        o.addresses = List.of(Address.builder().publicIp("203.0.113.7").allocationId("eipalloc-1").instanceId(INSTANCE).build(),
                Address.builder().publicIp("203.0.113.8").allocationId("eipalloc-2").associationId("eipassoc-2").build());
        assertThat(eval(Rule.EIP_UNASSOCIATED, o)).isEmpty();
    }

    @Test
    void oneIdleAddressIsNamedAloneAndSeveralAreCounted() {
        Address first = Address.builder().publicIp("203.0.113.9").allocationId("eipalloc-9").build();
        Address second = Address.builder().publicIp("203.0.113.10").allocationId("eipalloc-10").build();
        Observations o = new Observations();
        o.addresses = List.of(first);
        assertThat(eval(Rule.EIP_UNASSOCIATED, o).orElseThrow().cause()).doesNotContain("such addresses")
                .endsWith("terminating the instance ends the association, not the allocation");
        o.addresses = List.of(first, second);
        Finding f = eval(Rule.EIP_UNASSOCIATED, o).orElseThrow();
        assertThat(f.cause()).startsWith("the Elastic IP 203.0.113.9 (eipalloc-9)").endsWith(" (2 such addresses)");
        assertThat(f.evidence()).containsExactly(
                "API: describe-addresses: 203.0.113.9 (eipalloc-9) is associated with no instance",
                "API: describe-addresses: 203.0.113.10 (eipalloc-10) is associated with no instance");
    }

    private static Containers.Listing containers(String... lines) {
        return Containers.read("now=1790000000\n" + String.join("\n", lines));
    }

    @Test
    void aFailingContainerIsNamedWithItsExitItsPolicyAndItsLog() {
        Observations o = new Observations();
        assertThat(eval(Rule.CONTAINER_EXITED, o)).as("not looked at").isEmpty();
        o.containers = containers("/web|running|0|false|unless-stopped|0|2026-11-27T01:00:00Z|kaira-server");
        assertThat(eval(Rule.CONTAINER_EXITED, o)).as("up").isEmpty();
        o.containers = containers("/web|restarting|1|false|unless-stopped|6|2026-11-27T01:00:00Z|kaira-server");
        o.containerStatus = "web   Restarting (1) 4 seconds ago";
        o.containerLog = List.of("ERROR:    Error loading ASGI app. Could not import module \"main\".");
        o.httpSymptom = new Symptom("curl http://203.0.113.5:80/", 0, "HTTP 502");
        Finding f = eval(Rule.CONTAINER_EXITED, o).orElseThrow();
        assertThat(f.code()).isEqualTo("container-exited");
        assertThat(f.cause()).isEqualTo("the container web (image kaira-server) exits with 1 as soon as it starts: its"
                + " restart policy (unless-stopped) makes Docker start it again, and it fails the same way each time (6"
                + " restarts so far); what it serves is down with it");
        assertThat(f.fix()).startsWith("read why it fails: docker logs web;").contains("docker rm -f web");
        assertThat(f.evidence()).containsExactly("server: docker ps -a: web   Restarting (1) 4 seconds ago",
                "server: docker inspect web: web restarting (exit 1), restart policy unless-stopped, restarted 6 times,"
                        + " image kaira-server",
                "server: docker logs --tail 5 web: ERROR:    Error loading ASGI app. Could not import module \"main\".",
                "tried: curl http://203.0.113.5:80/ -> exit 0: HTTP 502");

        // caught between two rounds, up: the engine's exit code is 0, docker ps's words keep the last one
        o.containers = containers("/web|restarting|0|false|unless-stopped|6|2026-11-27T01:00:00Z|kaira-server");
        assertThat(eval(Rule.CONTAINER_EXITED, o).orElseThrow().cause()).contains("exits with 1 as soon");
        o.containerStatus = "web   Up Less than a second";
        assertThat(eval(Rule.CONTAINER_EXITED, o).orElseThrow().cause()).contains("exits with an error as soon");

        o.containers = containers("/job|exited|2|false|no|0|2026-11-27T01:00:00Z|tool");
        o.containerStatus = null;
        o.containerLog = null;
        o.httpSymptom = null;
        f = eval(Rule.CONTAINER_EXITED, o).orElseThrow();
        assertThat(f.cause()).contains("exits with 2").endsWith(", and its restart policy (no) leaves it down; what it"
                + " serves is down with it");
        assertThat(f.evidence()).first().isEqualTo("server: docker ps -a: job exited");
        o.containerStatus = "  ";
        assertThat(eval(Rule.CONTAINER_EXITED, o).orElseThrow().evidence()).first().isEqualTo("server: docker ps -a: job exited");
        o.containerStatus = null;
        o.containers = containers("/hog|exited|137|true|no|0|2026-11-27T01:00:00Z|tool");
        assertThat(eval(Rule.CONTAINER_EXITED, o).orElseThrow().cause()).contains("killed by the kernel's OOM killer (exit 137)");
        o.containers = containers("/typo|created|127|false|no|0|0001-01-01T00:00:00Z|tool");
        assertThat(eval(Rule.CONTAINER_EXITED, o).orElseThrow().cause()).contains("was never started: its command could"
                + " not run (exit 127)");
    }

    private static final Subject SITE = APP.withSite(new Subject.Site(List.of("yourdomain.com", "www.yourdomain.com"), null));

    @Test
    void aNameThatDoesNotPointAtTheServerIsStaleAndOneThatDoesIsNot() {
        Observations o = new Observations();
        o.publicIp = "203.0.113.5";
        o.instanceState = "running";
        assertThat(Rule.DNS_STALE.evaluate(o, SITE)).as("not looked up").isEmpty();
        o.dnsAnswers.put("yourdomain.com", List.of("203.0.113.5"));
        o.dnsAnswers.put("www.yourdomain.com", List.of("203.0.113.5"));
        assertThat(Rule.DNS_STALE.evaluate(o, SITE)).isEmpty();
        Observations oneAnswered = new Observations();
        oneAnswered.publicIp = "203.0.113.5";
        oneAnswered.dnsAnswers.put("yourdomain.com", List.of("203.0.113.5"));
        assertThat(Rule.DNS_STALE.evaluate(oneAnswered, SITE)).as("a name not looked up is not stale").isEmpty();
        o.dnsAnswers.put("www.yourdomain.com", List.of("192.0.2.10"));
        Finding f = Rule.DNS_STALE.evaluate(o, SITE).orElseThrow();
        assertThat(f.cause()).startsWith("www.yourdomain.com points at 192.0.2.10, not at the server's public IP 203.0.113.5:");
        assertThat(f.fix()).isEqualTo("at your DNS provider, set the A record of www.yourdomain.com to 203.0.113.5; and"
                + " give the instance an Elastic IP (aws ec2 associate-address) so that a stop and start keeps the address");
        assertThat(f.evidence()).containsExactly("from outside: dig +short www.yourdomain.com: 192.0.2.10",
                "API: the instance's public IP is 203.0.113.5");
        o.dnsAnswers.put("yourdomain.com", List.of());
        o.addresses = List.of(Address.builder().publicIp("203.0.113.5").allocationId("eipalloc-5").instanceId(INSTANCE).build());
        f = Rule.DNS_STALE.evaluate(o, SITE).orElseThrow();
        assertThat(f.cause()).startsWith("yourdomain.com has no A record (and www.yourdomain.com as well), not at");
        assertThat(f.fix()).endsWith("set the A records of yourdomain.com and www.yourdomain.com to 203.0.113.5 (the"
                + " instance's Elastic IP, which a stop and start keeps)");
        o.instanceState = "stopped";
        assertThat(Rule.DNS_STALE.evaluate(o, SITE)).as("a stopped instance is its own cause").isEmpty();
        o.instanceState = null;
        assertThat(Rule.DNS_STALE.evaluate(o, SITE).orElseThrow().evidence()).last()
                .isEqualTo("given: the server's address is 203.0.113.5");
        o.publicIp = null;
        assertThat(Rule.DNS_STALE.evaluate(o, SITE)).as("no address to compare with").isEmpty();
    }
}

package io.labcheck.diagnose;

import io.labcheck.host.MemoryReading;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.ec2.model.Address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The rules on hand-made evidence: each fires on its evidence, and none fires without evidence. */
class RuleTest {
    private static final Subject SUBJECT = new Subject(null, "i-0123456789abcdef0", Path.of("/home/s/my_app.pem"),
            "ubuntu", 8000, "nohup uvicorn main:app --host 0.0.0.0 &", "uvicorn main:app --host 0.0.0.0",
            Map.of("loopback-bind", "the run step"));

    private static Optional<Finding> eval(Rule rule, Observations o) {
        return rule.evaluate(o, SUBJECT);
    }

    @Test
    void noEvidenceNoFinding() {
        Observations nothing = new Observations();
        for (Rule rule : Rule.values()) {
            assertThat(eval(rule, nothing)).as(rule.code()).isEmpty();
        }
    }

    @Test
    void aHealthyPictureGivesNoFinding() {
        Observations o = new Observations();
        o.keyMode = PosixFilePermissions.fromString("r--------");
        o.instanceState = "running";
        o.ingress.put(22, true);
        o.ingress.put(8000, true);
        o.sshOk = true;
        o.listeners = "0.0.0.0:8000";
        o.memory = new MemoryReading(1L << 30, 100L << 20);
        for (Rule rule : Rule.values()) {
            assertThat(eval(rule, o)).as(rule.code()).isEmpty();
        }
    }

    @Test
    void keyReadableByOthers() {
        Observations o = new Observations();
        o.keyMode = PosixFilePermissions.fromString("rw-r--r--");
        assertThat(eval(Rule.KEY_PERMISSIONS, o)).as("the mode alone: OpenSSH's verdict decides").isEmpty();
        o.keyRefusal = "Permissions 0644 for '/home/s/my_app.pem' are too open.";
        Finding f = eval(Rule.KEY_PERMISSIONS, o).orElseThrow();
        assertEquals("chmod 400 my_app.pem", f.fix());
        assertThat(f.cause()).contains("can be read by others (rw-r--r--)");
        assertThat(f.evidence()).contains("workstation: my_app.pem is rw-r--r--; OpenSSH: Permissions 0644 for"
                + " 'my_app.pem' are too open.");
    }

    @Test
    void portRulesNeedARunningInstance() {
        Observations o = new Observations();
        o.ingress.put(22, false);
        o.instanceState = "stopped";
        assertThat(eval(Rule.SSH_PORT_CLOSED, o)).as("a stopped instance explains it").isEmpty();
        o.instanceState = "running";
        o.groupId = "sg-0123456789abcdef0";
        assertThat(eval(Rule.SSH_PORT_CLOSED, o).orElseThrow().fix()).contains("--group-id sg-0123456789abcdef0")
                .contains("--port 22");
    }

    @Test
    void loopbackOnlyNotWhenAlsoOnAllAddresses() {
        Observations o = new Observations();
        o.listeners = "127.0.0.1:8000";
        Finding f = eval(Rule.LOOPBACK_BIND, o).orElseThrow();
        assertEquals("the run step", f.labSection());
        o.listeners = "127.0.0.1:8000\n0.0.0.0:8000";
        assertThat(eval(Rule.LOOPBACK_BIND, o)).isEmpty();
    }

    @Test
    void notRunningOnlyWithTheServersWord() {
        Observations o = new Observations();
        o.listeners = "";
        assertThat(eval(Rule.APP_NOT_RUNNING, o)).as("no login, no claim about the server").isEmpty();
        o.sshOk = true;
        assertThat(eval(Rule.APP_NOT_RUNNING, o)).isPresent();
    }

    @Test
    void venvInactiveForAUnitIsTheInterpreterItsExecStartRuns() {
        Observations o = new Observations();
        o.sshOk = true;
        o.listeners = "";
        o.appModules = List.of("uvicorn");
        o.venvsWithApp = "/home/ubuntu/notes/venv";
        o.unitInterpreter = "/home/ubuntu/notes/venv/bin/python3";
        o.unitInterpreterHasApp = true;
        assertThat(eval(Rule.VENV_INACTIVE, o)).as("the unit runs the venv's python: not the cause").isEmpty();
        o.unitInterpreter = "/usr/bin/python3";
        o.unitInterpreterHasApp = false;
        Finding f = eval(Rule.VENV_INACTIVE, o).orElseThrow();
        assertEquals("the app was started outside its venv: its unit runs /usr/bin/python3, which has no uvicorn;"
                + " it is installed in /home/ubuntu/notes/venv", f.cause());
        assertThat(f.evidence()).contains("server: the unit runs /usr/bin/python3, which does not import uvicorn");
        o.listeners = "0.0.0.0:8000";
        assertThat(eval(Rule.VENV_INACTIVE, o)).as("something listens: the app is up").isEmpty();
    }

    @Test
    void venvInactiveNamesTheProgramTheAppRunsOn() {
        Observations o = new Observations();
        o.sshOk = true;
        o.listeners = "";
        o.appLogError = "nohup: failed to run command 'gunicorn': No such file or directory";
        o.venvsWithApp = "/home/ubuntu/notes/venv";
        o.systemPythonHasApp = false;
        assertThat(eval(Rule.VENV_INACTIVE, o)).as("no module known, nothing was looked for").isEmpty();
        o.appModules = List.of("gunicorn");
        Finding f = eval(Rule.VENV_INACTIVE, o).orElseThrow();
        assertEquals("the app was started outside its venv: the system python (/usr/bin/python3) has no gunicorn;"
                + " it is installed in /home/ubuntu/notes/venv", f.cause());
        assertThat(f.fix()).startsWith("source notes/venv/bin/activate");
        assertThat(f.evidence()).contains("server: /home/ubuntu/notes/venv/bin/python imports gunicorn; /usr/bin/python3 does not");
        assertThat(f.toString()).doesNotContain("fastapi").doesNotContain("uvicorn");
        o.systemPythonHasApp = true;
        assertThat(eval(Rule.VENV_INACTIVE, o)).as("the system python has it: the venv is not the cause").isEmpty();
    }

    @Test
    void memoryAtEightyPercent() {
        Observations o = new Observations();
        o.memory = new MemoryReading(1000, 790);
        assertThat(eval(Rule.OUT_OF_MEMORY, o)).isEmpty();
        o.memory = new MemoryReading(1000, 850);
        assertThat(eval(Rule.OUT_OF_MEMORY, o)).isPresent();
    }

    @Test
    void anElasticIpAssociatedWithNothingIsACostFindingWithBothFixes() {
        Address associated = Address.builder().publicIp("203.0.113.7").allocationId("eipalloc-0aaaaaaaaaaaaaaa1")
                .associationId("eipassoc-0aaaaaaaaaaaaaaa1").instanceId("i-0123456789abcdef0").build();
        Observations o = new Observations();
        o.addresses = List.of(associated);
        assertThat(eval(Rule.EIP_UNASSOCIATED, o)).as("an associated Elastic IP is what it is for").isEmpty();
        o.addresses = List.of();
        assertThat(eval(Rule.EIP_UNASSOCIATED, o)).as("an account without Elastic IPs").isEmpty();

        o.addresses = List.of(associated, Address.builder().publicIp("203.0.113.9").allocationId("eipalloc-0bbbbbbbbbbbbbbb2")
                .build());
        Finding f = eval(Rule.EIP_UNASSOCIATED, o).orElseThrow();
        assertThat(f.cause()).contains("203.0.113.9", "eipalloc-0bbbbbbbbbbbbbbb2", "associated with no instance", "bills",
                "terminated").doesNotContain("203.0.113.7");
        assertThat(f.fix()).contains("aws ec2 associate-address --allocation-id eipalloc-0bbbbbbbbbbbbbbb2 --instance-id"
                + " i-0123456789abcdef0", "aws ec2 release-address --allocation-id eipalloc-0bbbbbbbbbbbbbbb2");
        assertThat(f.evidence()).containsExactly("API: describe-addresses: 203.0.113.9 (eipalloc-0bbbbbbbbbbbbbbb2) is"
                + " associated with no instance");
    }

    @Test
    void memoryReadingsParse() {
        MemoryReading m = MemoryReading.parse("1073741824 912261120\n");
        assertEquals(1073741824L, m.totalBytes());
        assertThat(m.toString()).contains("870 MiB of 1024 MiB used (85%)");
    }

    /**
     * Without the cloud's API (no credentials, or a provider without one): a port that times out while another port
     * of the same address answers is dropped on the way, and both places that drop are named; a refusal is not a drop.
     */
    @Test
    void aDroppedPortIsNamedFromReachabilityAloneWithoutTheApi() {
        Observations o = new Observations();
        o.publicIp = "198.51.100.4";
        o.reach.put(22, Reach.TIMEOUT);
        assertThat(eval(Rule.SSH_PORT_CLOSED, o)).as("only one port tried: nothing says the server is there").isEmpty();
        o.reach.put(8000, Reach.TIMEOUT);
        assertThat(eval(Rule.SSH_PORT_CLOSED, o)).as("every port drops: nothing says the server is there").isEmpty();
        o.reach.put(8000, Reach.REFUSED);
        Finding ssh = eval(Rule.SSH_PORT_CLOSED, o).orElseThrow();
        assertThat(ssh.cause()).contains("SSH (port 22) is dropped on the way", "port 8000 at the same address answers",
                "security group", "ufw");
        assertThat(ssh.fix()).contains("--port 22", "sudo ufw allow 22/tcp");
        assertThat(ssh.evidence()).containsExactly("from outside: port 22 TIMEOUT",
                "from outside: port 8000 REFUSED: the server is at 198.51.100.4");
        assertThat(eval(Rule.APP_PORT_CLOSED, o)).as("the app's port refuses: nothing drops it").isEmpty();
        assertThat(eval(Rule.INSTANCE_STOPPED, o)).as("something answers: the server runs").isEmpty();

        o.reach.put(22, Reach.OPEN);
        o.reach.put(8000, Reach.TIMEOUT);
        o.sshOk = true;
        o.listeners = "0.0.0.0:8000";
        Finding app = eval(Rule.APP_PORT_CLOSED, o).orElseThrow();
        assertThat(app.cause()).contains("the app's port (port 8000) is dropped on the way");
        assertThat(app.evidence()).contains("server: ss -ltn shows 0.0.0.0:8000");
        assertThat(eval(Rule.SSH_PORT_CLOSED, o)).isEmpty();

        o.instanceState = "stopped";
        assertThat(eval(Rule.APP_PORT_CLOSED, o)).as("the API says stopped: that rule speaks").isEmpty();
    }

    @Test
    void aPortTheGroupAdmitsThatStillDropsIsTheServersFirewall() {
        Observations o = new Observations();
        o.publicIp = "198.51.100.4";
        o.instanceState = "running";
        o.ingress.put(22, true);
        o.ingressDetail.put(22, "port 22 admitted by [sg-1 tcp 22-22 from [0.0.0.0/0]]");
        o.ingressSources.put(22, List.of("0.0.0.0/0"));
        o.reach.put(22, Reach.TIMEOUT);
        o.reach.put(8000, Reach.OPEN);
        assertThat(eval(Rule.SSH_PORT_CLOSED, o)).as("the group admits it from anywhere: not the group's").isEmpty();
        Finding f = eval(Rule.FIREWALL_BLOCKS_PORT, o).orElseThrow();
        assertThat(f.code()).isEqualTo("firewall-blocks-port");
        assertThat(f.cause()).contains("SSH (port 22) is dropped by the server's own firewall", "the security group admits it");
        assertThat(f.fix()).startsWith("sudo ufw allow 22/tcp");
        assertThat(f.evidence()).contains("API: port 22 admitted by [sg-1 tcp 22-22 from [0.0.0.0/0]]");

        // admitted only from a network this computer is not on (My IP, when the student was elsewhere)
        o.ingressSources.put(22, List.of("203.0.113.8/32"));
        Finding elsewhere = eval(Rule.SSH_PORT_CLOSED, o).orElseThrow();
        assertThat(elsewhere.cause()).contains("admitted only from [203.0.113.8/32]", "My IP").doesNotContain("own firewall");
        assertThat(elsewhere.fix()).contains("--port 22 --cidr <your-ip>/32");
        assertThat(eval(Rule.FIREWALL_BLOCKS_PORT, o)).as("the group's sources explain it").isEmpty();
        o.ingressSources.put(22, List.of("203.0.113.8/32", "0.0.0.0/0"));
        assertThat(eval(Rule.FIREWALL_BLOCKS_PORT, o).orElseThrow().cause()).contains("dropped by the server's own firewall");
        assertThat(eval(Rule.SSH_PORT_CLOSED, o)).isEmpty();
    }

    @Test
    void ufwSeenKeepingTheAppsPortOutIsTheFirewallWhateverTheGroupSays() {
        Observations o = new Observations();
        o.publicIp = "198.51.100.4";
        o.instanceState = "running";
        o.sshOk = true;
        o.listeners = "0.0.0.0:8000";
        o.reach.put(22, Reach.OPEN);
        o.reach.put(8000, Reach.TIMEOUT);
        o.ingress.put(8000, true);
        o.ingressDetail.put(8000, "port 8000 admitted by [sg-1 tcp 8000-8000 from [198.51.100.0/24]]");
        o.ingressSources.put(8000, List.of("198.51.100.0/24"));
        o.firewall = Firewall.read(String.join("\n", "Status: active", "Logging: on (low)",
                "Default: deny (incoming), allow (outgoing), deny (routed)", "New profiles: skip", "",
                "To                         Action      From", "--                         ------      ----",
                "22/tcp                     ALLOW IN    Anywhere", "22/tcp (v6)                ALLOW IN    Anywhere (v6)"));
        Finding f = eval(Rule.FIREWALL_BLOCKS_PORT, o).orElseThrow();
        assertThat(f.cause()).isEqualTo("the server's own firewall (ufw) is on and keeps the app's port (port 8000) out: it"
                + " drops the connection, which times out, whatever the security group admits");
        assertThat(f.fix()).isEqualTo("sudo ufw allow 8000/tcp   (then: sudo ufw status)");
        assertThat(f.evidence()).containsExactly("server: sudo ufw status: Status: active, default deny (incoming), rules:"
                        + " 22/tcp ALLOW from Anywhere", "from outside: port 8000 TIMEOUT", "server: ss -ltn shows 0.0.0.0:8000",
                "API: port 8000 admitted by [sg-1 tcp 8000-8000 from [198.51.100.0/24]]");
        assertThat(eval(Rule.APP_PORT_CLOSED, o)).as("seen on the server: not the group's \"My IP\"").isEmpty();

        o.firewall = Firewall.read("Status: active\nDefault: deny (incoming)\n\nTo  Action  From\n8000/tcp   ALLOW IN   Anywhere");
        assertThat(eval(Rule.FIREWALL_BLOCKS_PORT, o)).as("ufw lets 8000 in").isEmpty();
        assertThat(eval(Rule.APP_PORT_CLOSED, o)).as("then the group's sources are the cause").isPresent();
        o.firewall = Firewall.read("Status: inactive");
        assertThat(eval(Rule.FIREWALL_BLOCKS_PORT, o)).as("ufw off").isEmpty();
        o.reach.put(8000, Reach.OPEN);
        o.firewall = Firewall.read("Status: active\nDefault: deny (incoming)");
        assertThat(eval(Rule.FIREWALL_BLOCKS_PORT, o)).as("the port answers: nothing keeps it out").isEmpty();
    }

    @Test
    void aServerOnAnotherPortIsJudgedOnThatPort() {
        Subject onAnotherPort = new Subject(null, null, "198.51.100.4", 2222, Path.of("/home/s/my_app.pem"), "ubuntu",
                8000, "start", "uvicorn main:app", Map.of());
        Observations o = new Observations();
        o.publicIp = "198.51.100.4";
        o.reach.put(2222, Reach.TIMEOUT);
        o.reach.put(8000, Reach.OPEN);
        assertThat(Rule.SSH_PORT_CLOSED.evaluate(o, onAnotherPort).orElseThrow().cause()).contains("SSH (port 2222)");
    }

    @Test
    void nothingAnsweringWithoutTheApiIsAStoppedOrMovedServer() {
        Observations o = new Observations();
        o.publicIp = "198.51.100.4";
        o.reach.put(22, Reach.TIMEOUT);
        o.reach.put(8000, Reach.TIMEOUT);
        Finding f = eval(Rule.INSTANCE_STOPPED, o).orElseThrow();
        assertThat(f.cause()).contains("nothing answers at 198.51.100.4 (ports 22 and 8000 both time out)",
                "not running", "new public IP");
        assertThat(f.fix()).contains("aws ec2 start-instances --instance-ids i-0123456789abcdef0",
                "then start the app again: nohup uvicorn");
        o.instanceState = "running";
        assertThat(eval(Rule.INSTANCE_STOPPED, o)).as("the API says running: not this rule's").isEmpty();
        o.instanceState = null;
        o.reach.put(8000, Reach.NO_ADDRESS);
        assertThat(eval(Rule.INSTANCE_STOPPED, o)).isEmpty();
    }
}


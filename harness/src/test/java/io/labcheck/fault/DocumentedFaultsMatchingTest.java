package io.labcheck.fault;

import io.labcheck.lab.Command;
import io.labcheck.lab.SourceLine;
import io.labcheck.lab.TroubleshootingEntry;
import io.labcheck.lab.TroubleshootingEntry.Cause;
import io.labcheck.lab.TroubleshootingEntry.Role;
import io.labcheck.lab.TroubleshootingEntry.TroubleCommand;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which fault a troubleshooting entry is about, on hand-built entries (no document, no seeds): each part of each
 * fault's test, with the entry that meets it and the one that misses only that part. {@link DocumentedFaultsTest}
 * has seed 000 as the document a student reads.
 */
class DocumentedFaultsMatchingTest {
    private static final String SSH_TIMEOUT = "ssh: connect to host 203.0.113.5 port 22: Connection timed out";
    private static final String CURL_REFUSED = "curl: (7) Failed to connect to 203.0.113.5 port 8000";

    private static TroubleCommand command(Role role, String text) {
        return new TroubleCommand(role, new Command(text, 30, "$ ", "", "", ""));
    }

    private static TroubleCommand fix(String text) {
        return command(Role.FIX, text);
    }

    private static TroubleCommand check(String text) {
        return command(Role.CHECK, text);
    }

    private static Cause cause(String title, TroubleCommand... commands) {
        return new Cause(title, 20, List.of(commands), List.of());
    }

    private static TroubleshootingEntry entry(String problem, String symptom, Cause... causes) {
        return new TroubleshootingEntry(problem, new SourceLine(10, List.of("Troubleshooting", problem)), symptom,
                List.of(causes), List.of(), 40);
    }

    /** A problem the document gives no causes for, only commands. */
    private static TroubleshootingEntry whole(String problem, String symptom, TroubleCommand... commands) {
        return new TroubleshootingEntry(problem, new SourceLine(10, List.of("Troubleshooting", problem)), symptom,
                List.of(), List.of(commands), 40);
    }

    /** A problem with one cause: its title and commands. */
    private static TroubleshootingEntry one(String symptom, String cause, TroubleCommand... commands) {
        return entry("Problem", symptom, cause(cause, commands));
    }

    private static Set<FaultKind> about(TroubleshootingEntry e) {
        return Arrays.stream(FaultKind.values()).filter(k -> DocumentedFaults.find(k, List.of(e)).isPresent())
                .collect(Collectors.toSet());
    }

    private static void is(FaultKind kind, TroubleshootingEntry e) {
        assertThat(about(e)).as("%s about %s", describe(e), kind.id()).contains(kind);
    }

    private static void isNot(FaultKind kind, TroubleshootingEntry e) {
        assertThat(about(e)).as("%s about %s", describe(e), kind.id()).doesNotContain(kind);
    }

    private static String describe(TroubleshootingEntry e) {
        return "'" + e.problem() + "' (" + e.symptom() + ") " + e.causes().stream()
                .map(c -> c.title() + " " + c.notes() + " " + c.commands()).toList() + " " + e.commands();
    }

    @Test
    void aCauseIsPlacedAtItsLineAndAProblemWithoutCausesAtItsHeading() {
        TroubleshootingEntry withCause = one(SSH_TIMEOUT, "Cause 1: the key", fix("chmod 400 lab.pem"));
        DocumentedFaults.Place place = DocumentedFaults.find(FaultKind.KEY_PERMISSIONS, List.of(withCause)).orElseThrow();
        assertThat(place.cause()).isSameAs(withCause.causes().get(0));
        assertThat(place.line()).isEqualTo(20);

        TroubleshootingEntry withoutCause = whole("Problem 1: cannot log in", SSH_TIMEOUT, fix("chmod 400 lab.pem"));
        place = DocumentedFaults.find(FaultKind.KEY_PERMISSIONS, List.of(withoutCause)).orElseThrow();
        assertThat(place.cause()).isNull();
        assertThat(place.entry()).isSameAs(withoutCause);
        assertThat(place.line()).isEqualTo(10);
    }

    @Test
    void aProblemWithCausesIsJudgedByItsCausesNotItsTitle() {
        String title = "Problem 1: SSH fails when the server is stopped";
        isNot(FaultKind.INSTANCE_STOPPED, entry(title, SSH_TIMEOUT, cause("Cause 1: the wrong login user", check("whoami"))));
        is(FaultKind.INSTANCE_STOPPED, whole(title, SSH_TIMEOUT));
    }

    @Test
    void aProblemWithoutCausesIsReadFromItsTitleAndItsCommands() {
        is(FaultKind.SSH_PORT_CLOSED, whole("Problem 1: SSH hangs", SSH_TIMEOUT, fix("sudo ufw allow 22/tcp")));
        isNot(FaultKind.SSH_PORT_CLOSED, whole("Problem 1: SSH hangs", SSH_TIMEOUT, check("whoami")));
    }

    @Test
    void aCauseIsReadFromItsTitleNotesAndCommands() {
        is(FaultKind.SSH_PORT_CLOSED, one(SSH_TIMEOUT, "Cause 1", fix("sudo ufw allow 22/tcp")));
        is(FaultKind.SSH_PORT_CLOSED, entry("Problem 1", SSH_TIMEOUT,
                new Cause("Cause 1", 20, List.of(), List.of("Open the inbound rules in the console"))));
        is(FaultKind.SSH_PORT_CLOSED, one(SSH_TIMEOUT, "Cause 1: the firewall"));
    }

    @Test
    void sshPortClosedIsAFirewallOnAnSshSymptomAndNotAboutTheAppsPort() {
        is(FaultKind.SSH_PORT_CLOSED, one(SSH_TIMEOUT, "Cause 1: the security group"));
        isNot(FaultKind.SSH_PORT_CLOSED, one(CURL_REFUSED, "Cause 1: the security group"));
        isNot(FaultKind.SSH_PORT_CLOSED, one(SSH_TIMEOUT, "Cause 1: the wrong user"));
        isNot(FaultKind.SSH_PORT_CLOSED, one(SSH_TIMEOUT, "Cause 1: the security group lacks 8000"));
        isNot(FaultKind.SSH_PORT_CLOSED, one(null, "Cause 1: the security group"));
    }

    @Test
    void instanceStoppedIsAStoppedServerOnAnSshSymptom() {
        is(FaultKind.INSTANCE_STOPPED, one(SSH_TIMEOUT, "Cause 1: the instance is stopped"));
        isNot(FaultKind.INSTANCE_STOPPED, one(CURL_REFUSED, "Cause 1: the instance is stopped"));
        isNot(FaultKind.INSTANCE_STOPPED, one(SSH_TIMEOUT, "Cause 1: the key"));
    }

    @Test
    void appPortClosedIsAFirewallOnTheAppsPortOrAnHttpSymptom() {
        is(FaultKind.APP_PORT_CLOSED, one(SSH_TIMEOUT, "Cause 1: the security group lacks 8000"));
        is(FaultKind.APP_PORT_CLOSED, one(CURL_REFUSED, "Cause 1: the security group"));
        isNot(FaultKind.APP_PORT_CLOSED, one(SSH_TIMEOUT, "Cause 1: the security group"));
        isNot(FaultKind.APP_PORT_CLOSED, one(CURL_REFUSED, "Cause 1: the app listens on 8000 only locally"));
    }

    @Test
    void loopbackBindIsTheWrongBindShownOrTheRightOneAsAFixWithoutAProcessCheck() {
        is(FaultKind.LOOPBACK_BIND, one(CURL_REFUSED, "Cause 1", command(Role.FAULT, "uvicorn main:app --host 127.0.0.1")));
        isNot(FaultKind.LOOPBACK_BIND, one(CURL_REFUSED, "Cause 1", fix("uvicorn main:app --host 127.0.0.1")));
        is(FaultKind.LOOPBACK_BIND, one(CURL_REFUSED, "Cause 1", fix("nohup uvicorn main:app --host 0.0.0.0 &")));
        isNot(FaultKind.LOOPBACK_BIND, one(CURL_REFUSED, "Cause 1: a restart after a process check",
                check("ps aux | grep uvicorn"), fix("nohup uvicorn main:app --host 0.0.0.0 &")));
        isNot(FaultKind.LOOPBACK_BIND, one(CURL_REFUSED, "Cause 1", check("uvicorn main:app --host 0.0.0.0")));
    }

    @Test
    void appNotRunningIsAProcessCheckOrAStoppedAppOnAnHttpSymptom() {
        is(FaultKind.APP_NOT_RUNNING, one(CURL_REFUSED, "Cause 1", check("pgrep -af uvicorn")));
        is(FaultKind.APP_NOT_RUNNING, one(CURL_REFUSED, "Cause 1: the app is not running"));
        isNot(FaultKind.APP_NOT_RUNNING, one(SSH_TIMEOUT, "Cause 1", check("pgrep -af uvicorn")));
        isNot(FaultKind.APP_NOT_RUNNING, one(CURL_REFUSED, "Cause 1", check("ls -l")));
    }

    @Test
    void outOfMemoryIsSaidInWordsOrCheckedWithFree() {
        is(FaultKind.OUT_OF_MEMORY, one("MemoryError", "Cause 1"));
        is(FaultKind.OUT_OF_MEMORY, entry("Problem 4: the server is out of memory", "", cause("Cause 1")));
        is(FaultKind.OUT_OF_MEMORY, one("", "Cause 1: add swap"));
        is(FaultKind.OUT_OF_MEMORY, one("", "Cause 1", check("free -h")));
        isNot(FaultKind.OUT_OF_MEMORY, one("Killed", "Cause 1", check("freeze")));
    }

    @Test
    void venvInactiveIsTheVenvInTheProblemOrItsCause() {
        is(FaultKind.VENV_INACTIVE, entry("Problem 3: ModuleNotFoundError outside the virtualenv", "", cause("Cause 1")));
        is(FaultKind.VENV_INACTIVE, one("", "Cause 1", fix("source venv/bin/activate")));
        isNot(FaultKind.VENV_INACTIVE, entry("Problem 3: ModuleNotFoundError", "", cause("Cause 1", fix("pip install fastapi"))));
    }

    @Test
    void eipUnassociatedIsItsReleaseOrItsBill() {
        is(FaultKind.EIP_UNASSOCIATED, one("", "Cause 1", fix("aws ec2 release-address --allocation-id eipalloc-1")));
        isNot(FaultKind.EIP_UNASSOCIATED, one("", "Cause 1", check("aws ec2 describe-addresses")));
        is(FaultKind.EIP_UNASSOCIATED, entry("Problem 5: an Elastic IP", "The bill grows", cause("Cause 1")));
        isNot(FaultKind.EIP_UNASSOCIATED, entry("Problem 5: an Elastic IP", "", cause("Cause 1: it was never attached")));
        isNot(FaultKind.EIP_UNASSOCIATED, entry("Problem 5: the bill grows", "", cause("Cause 1: a big instance type")));
    }

    @Test
    void theFirstCauseOfTheFirstEntryThatIsAboutTheFaultIsTheOne() {
        TroubleshootingEntry first = entry("Problem 1", SSH_TIMEOUT, cause("Cause 1: the key"),
                cause("Cause 2: the instance is stopped"));
        TroubleshootingEntry second = entry("Problem 2", SSH_TIMEOUT, cause("Cause 1: the instance is stopped"));
        DocumentedFaults.Place place = DocumentedFaults.find(FaultKind.INSTANCE_STOPPED, List.of(first, second)).orElseThrow();
        assertThat(place.entry()).isSameAs(first);
        assertThat(place.cause().title()).isEqualTo("Cause 2: the instance is stopped");
    }
}

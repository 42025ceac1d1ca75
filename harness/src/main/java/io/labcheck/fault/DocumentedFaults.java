package io.labcheck.fault;

import io.labcheck.lab.TroubleshootingEntry;
import io.labcheck.lab.TroubleshootingEntry.Cause;
import io.labcheck.lab.TroubleshootingEntry.Role;

import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;

/**
 * Finds where a lab's troubleshooting section describes a fault of the catalogue: which problem (and
 * which of its causes) is about it, so its documented symptom can be compared with what really happens.
 * It reads what the entry gives, in this order of trust: the commands a cause shows (a {@code chmod 400}
 * is about key permissions in any language), then the words of the cause and the symptom (Korean and
 * English), never the problem's number.
 */
public final class DocumentedFaults {
    /** A problem of the document and the cause under it that names the fault (null when the problem as a whole does). */
    public record Place(TroubleshootingEntry entry, Cause cause) {
        public int line() {
            return cause != null ? cause.line() : entry.at().line();
        }
    }

    private static final Pattern FIREWALL = words("방화벽|보안 ?그룹|인바운드|inbound|security group|firewall|ufw");
    private static final Pattern NOT_RUNNING = words("실행 ?중이 아님|실행되지 않|중지|not running|stopped|running 확인|서버 상태");
    private static final Pattern SSH_SYMPTOM = words("\\bssh\\b|port 22|포트 22");
    private static final Pattern HTTP_SYMPTOM = words("\\bcurl\\b|http://|:8000|브라우저|browser");
    private static final Pattern APP_PORT = words("8000");

    private DocumentedFaults() {
    }

    /** The first problem (and cause) of the section that describes the fault, if any does. */
    public static Optional<Place> find(FaultKind kind, List<TroubleshootingEntry> section) {
        BiPredicate<TroubleshootingEntry, Cause> about = rule(kind);
        for (TroubleshootingEntry entry : section) {
            for (Cause cause : entry.causes()) {
                if (about.test(entry, cause)) {
                    return Optional.of(new Place(entry, cause));
                }
            }
            if (entry.causes().isEmpty() && about.test(entry, null)) {
                return Optional.of(new Place(entry, null));
            }
        }
        return Optional.empty();
    }

    private static BiPredicate<TroubleshootingEntry, Cause> rule(FaultKind kind) {
        return switch (kind) {
            case KEY_PERMISSIONS -> (e, c) -> commands(e, c, Role.FIX, "chmod (400|600) \\S*(\\.pem|key|id_[a-z0-9]+)\\b");
            case SSH_PORT_CLOSED -> (e, c) -> matches(SSH_SYMPTOM, e.symptom()) && matches(FIREWALL, text(e, c))
                    && !matches(APP_PORT, text(e, c));
            case INSTANCE_STOPPED -> (e, c) -> matches(SSH_SYMPTOM, e.symptom()) && matches(NOT_RUNNING, text(e, c));
            case APP_PORT_CLOSED -> (e, c) -> matches(FIREWALL, text(e, c))
                    && (matches(APP_PORT, text(e, c)) || matches(HTTP_SYMPTOM, e.symptom()));
            case LOOPBACK_BIND -> (e, c) -> commands(e, c, Role.FAULT, "--host 127\\.0\\.0\\.1")
                    || commands(e, c, Role.FIX, "--host 0\\.0\\.0\\.0") && !commands(e, c, Role.CHECK, "ps ");
            case APP_NOT_RUNNING -> (e, c) -> matches(HTTP_SYMPTOM, e.symptom())
                    && (commands(e, c, Role.CHECK, "\\bps .*\\|\\s*grep\\b|\\bpgrep\\b") || matches(NOT_RUNNING, text(e, c)));
            case OUT_OF_MEMORY -> (e, c) -> matches(words("memoryerror|메모리|out of memory|oom|swap"),
                    e.problem() + "\n" + e.symptom() + "\n" + text(e, c)) || commands(e, c, Role.CHECK, "free\\b");
            case VENV_INACTIVE -> (e, c) -> matches(words("가상 ?환경|venv|virtualenv"), e.problem() + "\n" + text(e, c))
                    || commands(e, c, Role.FIX, "venv/bin/activate");
            case EIP_UNASSOCIATED -> (e, c) -> commands(e, c, Role.FIX, "release-address|associate-address")
                    || matches(words("탄력적 ?IP|elastic ?ip|\\beip\\b"), e.problem() + "\n" + text(e, c))
                    && matches(words("과금|요금|비용|bill|charge|cost"), e.problem() + "\n" + e.symptom() + "\n" + text(e, c));
            case CONTAINER_EXITED -> (e, c) -> commands(e, c, Role.CHECK, "docker (container )?logs\\b")
                    || matches(words("컨테이너|container"), e.problem() + "\n" + e.symptom())
                    && matches(words("exit|종료|재시작|restart"), e.problem() + "\n" + e.symptom());
            case FIREWALL_BLOCKS_PORT -> (e, c) -> commands(e, c, Role.CHECK, "\\bufw\\b|\\biptables\\b")
                    || commands(e, c, Role.FIX, "\\bufw (allow|disable)\\b");
            case DNS_STALE -> (e, c) -> commands(e, c, Role.CHECK, "\\b(nslookup|dig)\\b")
                    || matches(words("\\bDNS\\b|A ?레코드|A record"), e.problem() + "\n" + text(e, c));
        };
    }

    /** The cause's words (or, without one, the entry's): its title, notes and commands. */
    private static String text(TroubleshootingEntry entry, Cause cause) {
        if (cause == null) {
            return entry.problem() + "\n" + String.join("\n",
                    entry.allCommands().stream().map(t -> t.command().text()).toList());
        }
        return cause.title() + "\n" + String.join("\n", cause.notes()) + "\n"
                + String.join("\n", cause.commands().stream().map(t -> t.command().text()).toList());
    }

    private static boolean commands(TroubleshootingEntry entry, Cause cause, Role role, String regex) {
        Pattern p = words(regex);
        List<TroubleshootingEntry.TroubleCommand> commands = cause != null ? cause.commands() : entry.allCommands();
        return commands.stream().filter(t -> t.role() == role).anyMatch(t -> p.matcher(t.command().text()).find());
    }

    private static boolean matches(Pattern p, String text) {
        return text != null && p.matcher(text).find();
    }

    private static Pattern words(String regex) {
        return Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }
}

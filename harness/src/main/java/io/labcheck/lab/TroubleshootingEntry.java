package io.labcheck.lab;

import java.util.ArrayList;
import java.util.List;

/**
 * One problem from a lab's troubleshooting section (트러블슈팅 / 문제 해결), as data a chaos suite can check:
 * inject a cause, see whether the symptom the document describes is what really happens, run the fix.
 *
 * @param problem  the problem's title, e.g. "문제 2: 외부에서 API 접속 안 됨"
 * @param at       its heading (line and heading path)
 * @param symptom  the symptom text the document shows (often an error message), "" if none
 * @param causes   the causes the document lists (원인 1, 원인 2, ...), each with its own commands
 * @param commands commands given for the problem as a whole rather than under one cause
 * @param endLine  the last line of the entry
 */
public record TroubleshootingEntry(String problem, SourceLine at, String symptom, List<Cause> causes,
                                   List<TroubleCommand> commands, int endLine) {
    public TroubleshootingEntry {
        causes = List.copyOf(causes);
        commands = List.copyOf(commands);
    }

    /** A documented cause: its title, its commands and the console instructions written as plain lines. */
    public record Cause(String title, int line, List<TroubleCommand> commands, List<String> notes) {
        public Cause {
            commands = List.copyOf(commands);
            notes = List.copyOf(notes);
        }
    }

    /** What a troubleshooting command is for. */
    public enum Role {
        /** Looks without changing anything: {@code ls -l}, {@code ps aux | grep}, {@code free -h}, {@code systemctl status}. */
        CHECK,
        /** Changes the system to repair it: {@code chmod 400}, {@code swapon}, {@code ufw allow}. */
        FIX,
        /** What the document shows as the wrong way (잘못된 실행): the fault to inject. */
        FAULT
    }

    public record TroubleCommand(Role role, Command command) {}

    /** Every command of the entry and its causes, in document order. */
    public List<TroubleCommand> allCommands() {
        List<TroubleCommand> all = new ArrayList<>(commands);
        causes.forEach(c -> all.addAll(c.commands()));
        all.sort(java.util.Comparator.comparingInt(t -> t.command().line()));
        return all;
    }

    public List<Command> fixCommands() {
        return byRole(Role.FIX);
    }

    public List<Command> checkCommands() {
        return byRole(Role.CHECK);
    }

    public List<Command> faultCommands() {
        return byRole(Role.FAULT);
    }

    private List<Command> byRole(Role role) {
        return allCommands().stream().filter(t -> t.role() == role).map(TroubleCommand::command).toList();
    }

    /** The lab's section this entry sits under. */
    public String section() {
        return at.section();
    }
}

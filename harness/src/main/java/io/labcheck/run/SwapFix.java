package io.labcheck.run;

import io.labcheck.fault.Deployment;
import io.labcheck.host.MemoryReading;
import io.labcheck.lab.Command;
import io.labcheck.lab.TroubleshootingEntry;
import io.labcheck.ssh.ExecResult;
import io.labcheck.ssh.SshSession;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The document's own fix for running out of memory, a swap file, proved to help: a process that needs 512 MiB more
 * than the server has left is killed by the OOM killer; the troubleshooting's swap commands are typed on the server
 * as the student types them; the same process then runs. Reverted afterwards (the file, its fstab line, the memory).
 *
 * <p>What cannot exist here stands in, and says so: this kernel gives a container no swap, so where {@code swapon}
 * is refused the memory the swap file holds is added to the instance's memory limit instead (what swap gives a
 * process that needs it: room, slower). {@code free -h} in a container shows the machine's memory, so the readings
 * are the instance's own (its cgroup), written the way {@code free -h} writes them.
 */
final class SwapFix {
    private static final Duration COMMAND = Duration.ofSeconds(60);
    private static final long MARGIN = 512L << 20;
    private static final Pattern SWAP_FILE = Pattern.compile("swapon\\s+(/\\S+)");

    private final Deployment deployment;
    private final List<Command> recipe;
    private final List<String> evidence = new ArrayList<>();

    private SwapFix(Deployment deployment, List<Command> recipe) {
        this.deployment = deployment;
        this.recipe = recipe;
    }

    /** The swap fix of the troubleshooting entry about memory, if it gives one: its fix commands that make swap. */
    static Optional<SwapFix> of(Deployment deployment, Optional<TroubleshootingEntry> memoryEntry) {
        List<Command> recipe = memoryEntry.map(e -> e.fixCommands().stream()
                .filter(c -> c.text().toLowerCase(Locale.ROOT).contains("swap")).toList()).orElse(List.of());
        return recipe.stream().anyMatch(c -> SWAP_FILE.matcher(c.text()).find())
                ? Optional.of(new SwapFix(deployment, recipe)) : Optional.empty();
    }

    /** The commands the document gives, as typed. */
    List<String> commands() {
        return recipe.stream().map(Command::text).toList();
    }

    /**
     * Proves the fix helps through {@code student} (an SSH session as the login user); returns the evidence. Throws
     * {@link StepFailure} when the pressure does not kill without the fix, or still kills with it. Lines that say what
     * stood in begin {@code substitute: }.
     */
    List<String> prove(SshSession student) throws IOException {
        long limit = deployment.hosts().memoryLimit(deployment.instanceId());
        String swapFile = recipe.stream().map(c -> SWAP_FILE.matcher(c.text())).filter(Matcher::find).map(m -> m.group(1))
                .findFirst().orElseThrow();
        try {
            MemoryReading before = reading(student);
            long need = before.availableBytes() + MARGIN;
            evidence.add("free -h (the instance's memory, as free shows a VM's): " + free(before));
            ExecResult without = allocate(student, need);
            if (without.exitCode() == 0) {
                throw new StepFailure("a process needing " + mib(need) + " (512 MiB more than the " + mib(before.availableBytes())
                        + " left) was not killed without swap: the pressure proves nothing here");
            }
            evidence.add("without swap: python3 allocating " + mib(need) + " is killed (exit " + without.exitCode()
                    + (without.exitSignal() == null ? "" : ", signal " + without.exitSignal()) + "), as the OOM killer does");
            for (Command c : recipe) {
                ExecResult r = student.exec(c.text(), COMMAND);
                String said = (r.stdout() + r.stderr()).strip().replace('\n', ' ');
                if (r.exitCode() != 0 && c.text().contains("swapon")) {
                    long size = Long.parseLong(student.exec("stat -c %s " + swapFile, COMMAND).stdout().strip());
                    deployment.hosts().memoryLimit(deployment.instanceId(), limit + size);
                    evidence.add("substitute: '" + c.text() + "' is refused in a container (" + said + "): the "
                            + mib(size) + " of " + swapFile + " were added to the instance's memory instead, as swap adds room");
                } else if (r.exitCode() != 0) {
                    throw new StepFailure("the document's fix '" + c.text() + "' exited " + r.exitCode() + ": " + said);
                } else {
                    evidence.add("ran: " + c.text() + (said.isEmpty() ? "" : " -> " + said));
                }
            }
            MemoryReading after = reading(student);
            evidence.add("free -h after the fix: " + free(after));
            ExecResult with = allocate(student, need);
            if (with.exitCode() != 0) {
                throw new StepFailure("after the document's swap fix the same process (" + mib(need) + ") is still killed"
                        + " (exit " + with.exitCode() + ")");
            }
            evidence.add("with the fix: the same allocation of " + mib(need) + " goes through");
        } finally {
            revert(student, swapFile, limit);
        }
        return List.copyOf(evidence);
    }

    /** Takes the fix back: the swap file and its fstab line go, the memory limit is the launch's again, proved. */
    private void revert(SshSession student, String swapFile, long limit) throws IOException {
        student.exec("sudo swapoff " + swapFile + " 2>/dev/null; sudo rm -f " + swapFile + "; sudo sed -i '\\#^"
                + swapFile + "[[:space:]]#d' /etc/fstab", COMMAND);
        deployment.hosts().memoryLimit(deployment.instanceId(), limit);
        boolean gone = student.exec("test ! -e " + swapFile + " && ! grep -q '^" + swapFile + "[[:space:]]' /etc/fstab",
                COMMAND).exitCode() == 0;
        if (!gone || deployment.hosts().memoryLimit(deployment.instanceId()) != limit) {
            throw new StepFailure("the swap fix was not taken back: " + swapFile + (gone ? " is gone" : " or its fstab line"
                    + " is still there") + ", memory limit " + deployment.hosts().memoryLimit(deployment.instanceId())
                    + " (launched with " + limit + ")");
        }
        evidence.add("reverted: " + swapFile + " and its fstab line removed, the memory back to " + mib(limit));
    }

    private static ExecResult allocate(SshSession s, long bytes) throws IOException {
        // bytearray(n) zero-fills what it allocates: every page is really taken
        return s.exec("python3 -c 'b = bytearray(" + bytes + ")'", COMMAND);
    }

    private static MemoryReading reading(SshSession s) throws IOException {
        return MemoryReading.parse(s.exec(MemoryReading.COMMAND, COMMAND).stdout());
    }

    private static String free(MemoryReading m) {
        return String.format(Locale.ROOT, "Mem: total %.1fGi used %.1fGi free %.1fGi", m.totalBytes() / 1073741824.0,
                m.usedBytes() / 1073741824.0, m.availableBytes() / 1073741824.0);
    }

    private static String mib(long bytes) {
        return (bytes >> 20) + " MiB";
    }
}

package io.labcheck.lab.lint;

import io.labcheck.lab.LabPlan;
import io.labcheck.lab.SourceLine;
import io.labcheck.lab.SshTarget;
import io.labcheck.lab.Urls;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Commands missing a part their program needs, or aimed at the wrong file: {@code docker build -t app} with no
 * context, {@code chmod 400 key.pub} (the public half; OpenSSH checks the private key's mode), {@code ssh -i key
 * host} with no user (ssh sends the workstation's user name, which the server does not have), and a unit
 * started but never enabled (it does not come back after a reboot).
 */
final class CommandShapeRule implements LintRule {
    /** docker build's options that take a value. */
    private static final Set<String> BUILD_VALUE_OPTIONS = Set.of("-t", "--tag", "-f", "--file", "--build-arg",
            "--target", "--platform", "--network", "--label", "-o", "--output", "--progress", "--secret",
            "--cache-from", "--cache-to", "-m", "--memory", "--ssh", "--iidfile", "--add-host", "--shm-size");

    @Override
    public List<LintFinding> check(LabPlan plan) {
        List<LintFinding> findings = new ArrayList<>();
        Map<String, SourceLine> started = new HashMap<>();
        Set<String> enabled = new HashSet<>();
        Set<String> written = new HashSet<>();
        WrittenFiles.of(plan).stream().filter(WrittenFiles.File::isUnit)
                .forEach(f -> written.add(unitName(f.path())));
        PlanCommands.each(plan, (step, c, at, w) -> {
            String p = w.get(0);
            if (p.equals("docker") && w.size() > 1 && (w.get(1).equals("build")
                    || w.size() > 2 && w.get(1).equals("buildx") && w.get(2).equals("build")) && !hasContext(w)) {
                findings.add(new LintFinding(Severity.ERROR, "docker.build-context", "docker build names no build context:"
                        + " docker answers 'requires 1 argument'; end the command with the directory to build, usually"
                        + " '.'", at, at));
            }
            if (p.equals("chmod") && w.size() >= 3 && w.get(w.size() - 1).endsWith(".pub")
                    && w.get(1).matches("[0-7]?[46]00|go-rwx|og-rwx|u=rw?,go=")) {
                String key = w.get(w.size() - 1);
                findings.add(new LintFinding(Severity.ERROR, "key.chmod-pub", "chmod " + w.get(1) + " " + key
                        + " protects the public key; OpenSSH checks the private key's mode and still refuses it: chmod "
                        + w.get(1) + " " + key.substring(0, key.length() - 4), at, at));
            }
            if (p.equals("ssh")) {
                SshTarget t = SshTarget.of(w);
                if (t != null && t.user().isEmpty() && !t.key().isEmpty() && Urls.isServerAddress(t.host())
                        && !t.host().contains("<") && t.host().matches("[0-9.]+|.*\\.(com|net|io|org|amazonaws\\.com)")) {
                    findings.add(new LintFinding(Severity.WARNING, "ssh.no-user", "ssh -i " + t.key() + " " + t.host()
                            + " names no user: ssh logs in as your own computer's user name, which the server does not"
                            + " have ('Permission denied (publickey)'); write the image's user, e.g. ubuntu@" + t.host(),
                            at, at));
                }
            }
            if (p.equals("systemctl")) {
                boolean enable = w.contains("enable") || w.contains("reenable");
                boolean start = w.contains("start") || w.contains("restart");
                for (String unit : w.subList(1, w.size())) {
                    if (unit.startsWith("-") || Set.of("enable", "reenable", "start", "restart", "--now").contains(unit)) {
                        continue;
                    }
                    if (enable) {
                        enabled.add(unitName(unit));
                    } else if (start) {
                        started.putIfAbsent(unitName(unit), at);
                    }
                }
            }
        });
        started.forEach((unit, at) -> {
            if (written.contains(unit) && !enabled.contains(unit)) {
                findings.add(new LintFinding(Severity.WARNING, "unit.not-enabled", unit + ".service is written and started"
                        + " but never enabled: it does not come back after a reboot; systemctl enable --now " + unit,
                        at, at));
            }
        });
        return findings;
    }

    private static boolean hasContext(List<String> w) {
        int from = w.get(1).equals("buildx") ? 3 : 2;
        for (int i = from; i < w.size(); i++) {
            String x = w.get(i);
            if (x.startsWith("-")) {
                if (BUILD_VALUE_OPTIONS.contains(x)) {
                    i++;
                }
                continue;
            }
            return true;
        }
        return false;
    }

    private static String unitName(String pathOrName) {
        String name = pathOrName.substring(pathOrName.lastIndexOf('/') + 1);
        return name.endsWith(".service") ? name.substring(0, name.length() - 8) : name;
    }
}

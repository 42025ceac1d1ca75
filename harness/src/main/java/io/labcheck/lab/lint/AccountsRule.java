package io.labcheck.lab.lint;

import io.labcheck.lab.LabPlan;
import io.labcheck.lab.SourceLine;
import io.labcheck.lab.SshTarget;
import io.labcheck.lab.Urls;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The accounts a document names against the ones that exist: a user or group one keystroke away from an image's
 * account ({@code chown ubuntu:ununtu}, {@code Group=ununtu}) fails with "invalid group"; an ssh login as a user
 * that a later step creates with {@code adduser} is refused on a fresh server.
 */
final class AccountsRule implements LintRule {
    /** Accounts and groups that images and packages bring. */
    private static final Set<String> KNOWN = Set.of("ubuntu", "ec2-user", "www-data", "nginx", "admin", "centos",
            "debian", "root", "azureuser", "opc", "rocky", "fedora", "adm", "sudo", "docker", "users", "staff",
            "wheel", "nogroup", "nobody", "daemon", "systemd-journal", "bitnami");

    @Override
    public List<LintFinding> check(LabPlan plan) {
        Map<String, SourceLine> created = new HashMap<>();
        PlanCommands.each(plan, (step, c, at, w) -> {
            if (w.size() > 1 && Set.of("adduser", "useradd", "groupadd", "addgroup").contains(w.get(0))) {
                created.putIfAbsent(w.get(w.size() - 1), at);
            }
        });
        List<LintFinding> findings = new ArrayList<>();
        for (WrittenFiles.File f : WrittenFiles.of(plan)) {
            String[] lines = f.lines();
            for (int i = 0; f.isUnit() && i < lines.length; i++) {
                String l = lines[i].strip();
                if (l.startsWith("User=") || l.startsWith("Group=")) {
                    typo(l.substring(0, l.indexOf('=') + 1), l.substring(l.indexOf('=') + 1).strip(), created, f.at(i), findings);
                }
            }
        }
        PlanCommands.each(plan, (step, c, at, w) -> {
            if (w.size() > 2 && w.get(0).equals("chown")) {
                String owner = w.stream().skip(1).filter(x -> !x.startsWith("-")).findFirst().orElse("");
                for (String name : owner.split("[:.]")) {
                    typo("chown", name, created, at, findings);
                }
            }
            if (w.get(0).equals("ssh")) {
                login(SshTarget.of(w), created, at, findings);
            }
        });
        findings.sort(java.util.Comparator.comparingInt(f -> f.first().line()));
        return findings;
    }

    private static void typo(String where, String name, Map<String, SourceLine> created, SourceLine at, List<LintFinding> findings) {
        if (!name.matches("[a-z_][a-z0-9_-]*") || created.containsKey(name)) {
            return;
        }
        String meant = Words.misspelt(name, KNOWN);
        if (meant != null) {
            findings.add(new LintFinding(Severity.ERROR, "account.typo", where + " names " + name + ", which no step"
                    + " creates and no image has (the command fails with 'invalid user' or 'invalid group'): did you mean "
                    + meant + "?", at, at));
        }
    }

    private static void login(SshTarget t, Map<String, SourceLine> created, SourceLine at, List<LintFinding> findings) {
        if (t == null || !Urls.isServerAddress(t.host()) || t.user().isEmpty() || KNOWN.contains(t.user())) {
            return;
        }
        SourceLine made = created.get(t.user());
        if (made != null && made.line() > at.line()) {
            findings.add(new LintFinding(Severity.ERROR, "login.user-not-yet", "ssh logs in as " + t.user() + ", but "
                    + t.user() + " is only created later (line " + made.line() + "): on a fresh server that login is"
                    + " refused; log in as root or the image's user first, create the user, then log in as it", at, made));
        }
    }
}

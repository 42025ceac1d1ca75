package io.labcheck.lab.lint;

import io.labcheck.lab.Command;
import io.labcheck.lab.LabPlan;
import io.labcheck.lab.LabStep;
import io.labcheck.lab.ShellWords;
import io.labcheck.lab.SourceLine;
import io.labcheck.lab.SshTarget;
import io.labcheck.lab.StepKind;
import io.labcheck.lab.Urls;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The private key: the file {@code chmod} protects must be the one {@code ssh -i} uses (else OpenSSH refuses
 * the unprotected one), a key used without any {@code chmod 400} is refused when it was downloaded readable by
 * others, the key pair's name should match the file, and an ssh to the server without {@code -i} has no key.
 */
final class KeyFileRule implements LintRule {
    private record Use(String key, String user, SourceLine at, boolean windows) {}

    @Override
    public List<LintFinding> check(LabPlan plan) {
        List<Use> chmods = new ArrayList<>();
        List<Use> sshes = new ArrayList<>();
        List<Use> keyPairs = new ArrayList<>();
        for (LabStep step : plan.steps()) {
            if (step.kind() == StepKind.CLOUD_ACTION && step.cloud().action().equals("CreateKeyPair")) {
                keyPairs.add(new Use(step.cloud().value("keyName"), "", step.at(), false));
            }
            if (step.kind() != StepKind.RUN) {
                continue;
            }
            for (Command c : step.commands()) {
                SourceLine at = new SourceLine(c.line(), step.at().headings());
                for (String simple : c.simpleCommands()) {
                    List<String> w = ShellWords.program(simple);
                    if (w.size() >= 3 && w.get(0).equals("chmod") && isKeyFile(w.get(w.size() - 1))) {
                        chmods.add(new Use(w.get(w.size() - 1), "", at, false));
                    } else if (!w.isEmpty() && w.get(0).equals("ssh")) {
                        SshTarget t = SshTarget.of(w);
                        if (t != null && Urls.isServerAddress(t.host())) {
                            sshes.add(new Use(t.key(), t.user(), at, t.key().contains("\\")));
                        }
                    }
                }
            }
        }
        List<LintFinding> findings = new ArrayList<>();
        Set<String> reported = new HashSet<>();
        boolean anyKey = sshes.stream().anyMatch(s -> !s.key().isEmpty());
        for (Use ssh : sshes) {
            if (ssh.key().isEmpty()) {
                if (anyKey && reported.add("no-key")) {
                    Use keyed = sshes.stream().filter(s -> !s.key().isEmpty()).findFirst().orElseThrow();
                    findings.add(new LintFinding(Severity.WARNING, "ssh.no-key", "ssh to the server without -i, while the"
                            + " other logins use -i " + keyed.key() + ": it fails with 'Permission denied (publickey)'"
                            + " unless an agent holds the key; add -i " + keyed.key(), ssh.at(), keyed.at()));
                }
                continue;
            }
            if (ssh.windows() || !reported.add(ssh.key())) {
                continue;
            }
            if (!chmods.isEmpty() && chmods.stream().noneMatch(c -> sameFile(c.key(), ssh.key()))) {
                Use chmod = chmods.get(0);
                findings.add(new LintFinding(Severity.ERROR, "key.mismatch", "ssh uses the key " + ssh.key()
                        + " but the document protects " + chmod.key() + " with chmod: use one file name in both",
                        ssh.at(), chmod.at()));
            } else if (chmods.isEmpty() && ssh.key().endsWith(".pem")) {
                SourceLine origin = keyPairs.isEmpty() ? ssh.at() : keyPairs.get(0).at();
                findings.add(new LintFinding(Severity.WARNING, "key.unprotected", "ssh -i " + ssh.key()
                        + " but no step runs chmod 400 on it: a downloaded key is readable by others and OpenSSH"
                        + " refuses it ('UNPROTECTED PRIVATE KEY FILE'); add chmod 400 " + ssh.key() + " before the login",
                        ssh.at(), origin));
            }
            for (Use pair : keyPairs) {
                String base = baseName(ssh.key());
                if (!base.equals(pair.key() + ".pem") && !base.equals(pair.key()) && reported.add("name:" + ssh.key())) {
                    findings.add(new LintFinding(Severity.WARNING, "key.name", "ssh uses " + ssh.key()
                            + " but the key pair created is named " + pair.key() + " (downloaded as " + pair.key()
                            + ".pem)", ssh.at(), pair.at()));
                }
            }
        }
        return findings;
    }

    private static boolean isKeyFile(String path) {
        return path.endsWith(".pem") || path.endsWith(".key") || path.contains(".ssh/") || path.endsWith("_rsa")
                || path.endsWith("_ed25519");
    }

    private static boolean sameFile(String a, String b) {
        boolean dirs = a.contains("/") && b.contains("/");
        return dirs ? a.equals(b) : baseName(a).equals(baseName(b));
    }

    static String baseName(String path) {
        int cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return path.substring(cut + 1);
    }
}

package io.labcheck.lab.lint;

import io.labcheck.lab.LabPlan;
import io.labcheck.lab.ShellWords;
import io.labcheck.lab.SourceLine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What certbot will refuse or cannot keep: a certificate for an IP address (Let's Encrypt issues for domain names
 * only), and a {@code --manual} certificate that a scheduled {@code certbot renew} is trusted to renew (without an
 * auth hook, manual renewal needs a person to publish the challenge again, so the renewal fails).
 */
final class CertbotRule implements LintRule {

    @Override
    public List<LintFinding> check(LabPlan plan) {
        List<LintFinding> findings = new ArrayList<>();
        SourceLine manual = null;
        SourceLine renew = null;
        for (WrittenFiles.File f : WrittenFiles.of(plan)) {
            String[] lines = f.lines();
            for (int i = 0; i < lines.length && renew == null; i++) {
                if (lines[i].contains("certbot renew") && !lines[i].contains("--dry-run")) {
                    renew = f.at(i); // a cron line
                }
            }
        }
        SourceLine[] found = {manual, renew};
        PlanCommands.each(plan, (step, c, at, w) -> {
            if (found[1] == null && c.text().contains("certbot renew") && !c.text().contains("--dry-run")) {
                found[1] = at; // echo '0 3 * * * certbot renew' | sudo tee /etc/cron.d/renew
            }
            if (!w.get(0).equals("certbot")) {
                return;
            }
            if (w.contains("--manual") && w.stream().noneMatch(x -> x.startsWith("--manual-auth-hook")) && found[0] == null) {
                found[0] = at;
            }
            for (String domain : ShellWords.options(w, "-d")) {
                if (isAddress(domain)) {
                    findings.add(new LintFinding(Severity.ERROR, "certbot.ip", "certbot -d " + domain + ": Let's"
                            + " Encrypt issues certificates for domain names only, never for an IP address; point"
                            + " a domain at the server and name it", at, at));
                }
            }
        });
        manual = found[0];
        renew = found[1];
        if (manual != null && renew != null) {
            findings.add(new LintFinding(Severity.WARNING, "certbot.manual-renew", "certbot renew is trusted to renew the"
                    + " certificate, but it was obtained with --manual and no --manual-auth-hook: renewal needs the"
                    + " challenge published by hand again, so the unattended renewal fails; use a DNS plugin or an auth"
                    + " hook", renew, manual));
        }
        return findings;
    }

    /** An IPv4 address, or a placeholder that offers one ({@code your_domain_or_ip}, {@code <server-ip>}). */
    private static boolean isAddress(String domain) {
        if (domain.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return true;
        }
        List<String> words = List.of(domain.toLowerCase(Locale.ROOT).split("[^a-z0-9]+"));
        return words.contains("ip") && !domain.contains(".");
    }
}

package io.labcheck.run;

import io.labcheck.lab.Command;
import io.labcheck.lab.LabPlan;
import io.labcheck.lab.LabStep;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The domain a lab points at its server, as its document writes it ({@code yourdomain.com}, {@code example.com},
 * {@code your-domain.co.kr}): the zone the run's public DNS serves, under that same name, so the student's
 * commands, nginx's {@code server_name} and certbot's {@code -d} run unchanged. The run's DNS is the only one
 * the instances and the ACME authority ask, so a name that exists on the internet is still the lab's here.
 */
final class LabDomain {
    private static final Pattern PLACEHOLDER = Pattern.compile("(?i)(?<![A-Za-z0-9.-])(?:www\\.)?((?:your|my)[-_]?(?:own[-_]?)?domain"
            + "\\.(?:co\\.kr|[a-z]{2,6})|example\\.(?:com|net|org))(?![A-Za-z0-9-])");
    /** Where a document names no domain but sets records all the same. */
    static final String FALLBACK = "lab.example";

    private LabDomain() {}

    /** The first domain placeholder the plan's commands, files and URLs use, else {@link #FALLBACK}. */
    static String of(LabPlan plan) {
        for (LabStep s : plan.steps()) {
            StringBuilder text = new StringBuilder();
            for (Command c : s.commands()) {
                text.append(c.text()).append('\n');
            }
            if (s.file() != null) {
                text.append(s.file().content()).append('\n');
            }
            if (s.url() != null) {
                text.append(s.url()).append('\n');
            }
            Matcher m = PLACEHOLDER.matcher(text);
            while (m.find()) {
                // an e-mail address's domain is not the site's
                if (m.start() > 0 && text.charAt(m.start() - 1) == '@') {
                    continue;
                }
                return m.group(1).toLowerCase(Locale.ROOT);
            }
        }
        return FALLBACK;
    }

    /** A record's host as a registrar's console takes it ({@code @}, {@code www}) as a full name in {@code zone}. */
    static String name(String host, String zone) {
        String h = host.strip().toLowerCase(Locale.ROOT).replaceFirst("\\.$", "");
        if (h.isEmpty() || h.equals("@")) {
            return zone;
        }
        return h.equals(zone) || h.endsWith("." + zone) ? h : h + "." + zone;
    }
}

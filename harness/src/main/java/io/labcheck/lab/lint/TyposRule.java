package io.labcheck.lab.lint;

import io.labcheck.lab.LabPlan;
import io.labcheck.lab.SshTarget;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Commands typed wrong in a way the program itself will reject: {@code ssh ssh user@host} (the second "ssh" is
 * taken as the host), a Django management command one or two letters off ({@code collecstatic}).
 */
final class TyposRule implements LintRule {
    /** Django's own management commands (core, auth, contenttypes, sessions, staticfiles). */
    private static final Set<String> DJANGO = Set.of("check", "compilemessages", "createcachetable", "dbshell",
            "diffsettings", "dumpdata", "flush", "inspectdb", "loaddata", "makemessages", "makemigrations", "migrate",
            "optimizemigration", "runserver", "sendtestemail", "shell", "showmigrations", "sqlflush", "sqlmigrate",
            "sqlsequencereset", "squashmigrations", "startapp", "startproject", "test", "testserver", "changepassword",
            "createsuperuser", "remove_stale_contenttypes", "clearsessions", "collectstatic", "findstatic");

    @Override
    public List<LintFinding> check(LabPlan plan) {
        List<LintFinding> findings = new ArrayList<>();
        PlanCommands.each(plan, (step, c, at, w) -> {
            SshTarget t = w.get(0).equals("ssh") ? SshTarget.of(w) : null;
            if (t != null && t.host().equals("ssh") && t.user().isEmpty() && !t.remoteCommand().isEmpty()) {
                findings.add(new LintFinding(Severity.ERROR, "ssh.repeated", "'ssh ssh " + t.remoteCommand()
                        + "' repeats the word ssh: ssh takes the second 'ssh' as the host to connect to and fails"
                        + " to resolve it; write ssh " + t.remoteCommand(), at, at));
            }
            int manage = w.indexOf("manage.py");
            if (manage < 0) {
                manage = w.indexOf("django-admin") == 0 ? 0 : -1;
            }
            if (manage >= 0) {
                String sub = w.stream().skip(manage + 1).filter(x -> !x.startsWith("-")).findFirst().orElse("");
                String meant = DJANGO.contains(sub) ? null : Words.misspelt(sub, DJANGO);
                if (meant != null) {
                    findings.add(new LintFinding(Severity.ERROR, "django.command", "'" + sub + "' is not a Django"
                            + " management command (manage.py answers 'Unknown command'): did you mean " + meant
                            + "?", at, at));
                }
            }
        });
        return findings;
    }
}

package io.labcheck.lab.lint;

import io.labcheck.lab.Command;
import io.labcheck.lab.LabPlan;
import io.labcheck.lab.LabStep;
import io.labcheck.lab.ShellWords;
import io.labcheck.lab.SourceLine;
import io.labcheck.lab.StepKind;
import io.labcheck.lab.Where;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's own files as the document writes them, against how systemd and nginx read them: a file under /etc
 * edited without sudo cannot be saved; systemd loads a unit from /etc/systemd/system only with its suffix, by the
 * name systemctl is given, and with its sections spelled as they are ([Unit], not [UNIT]); nginx serves a site
 * only through a link in sites-enabled to a file in sites-available that exists.
 */
final class SystemFilesRule implements LintRule {
    private static final Set<String> EDITORS = Set.of("vi", "vim", "nano", "nvim", "emacs");
    private static final Set<String> SECTIONS = Set.of("Unit", "Service", "Install", "Socket", "Timer", "Path", "Mount",
            "Automount", "Swap", "Slice", "Scope");
    private static final Pattern SECTION = Pattern.compile("^\\s*\\[([A-Za-z]+)\\]\\s*$");
    private static final String UNITS = "/etc/systemd/system/";
    private static final String AVAILABLE = "/etc/nginx/sites-available/";
    private static final String ENABLED = "/etc/nginx/sites-enabled/";
    /** Units that packages install, which a document starts without writing. */
    private static final Set<String> PACKAGED = Set.of("nginx", "docker", "ssh", "sshd", "apache2", "httpd", "mysql",
            "mariadb", "postgresql", "redis", "redis-server", "ufw", "firewalld", "cron", "crond", "supervisor",
            "containerd", "snapd", "fail2ban", "certbot.timer", "php-fpm", "memcached", "mongod", "rabbitmq-server");

    @Override
    public List<LintFinding> check(LabPlan plan) {
        List<LintFinding> findings = new ArrayList<>();
        Map<String, SourceLine> units = new LinkedHashMap<>();   // unit name -> where its file is written
        Map<String, SourceLine> sites = new LinkedHashMap<>();   // sites-available file -> where it is written
        boolean unitFilesSeen = false;
        for (LabStep step : plan.steps()) {
            if (step.where() != Where.SERVER) {
                continue;
            }
            String written = step.kind() == StepKind.WRITE_FILE ? step.file().path() : null;
            if (written != null) {
                unitFilesSeen |= unitFile(written, step, units, findings);
                if (written.startsWith(AVAILABLE)) {
                    sites.put(written.substring(AVAILABLE.length()), step.at());
                }
            }
            for (Command c : step.commands()) {
                SourceLine at = new SourceLine(c.line(), step.at().headings());
                for (String simple : c.simpleCommands()) {
                    List<String> w = ShellWords.program(simple);
                    if (w.isEmpty()) {
                        continue;
                    }
                    noSudo(c, simple, w, at, findings);
                    if (w.get(0).equals("tee") || w.get(0).equals("cp") || w.get(0).equals("mv")) {
                        // tee's file is its first argument ("tee FILE > /dev/null"); cp's and mv's their last
                        List<String> args = w.subList(1, w.size()).stream().filter(a -> !a.startsWith("-"))
                                .takeWhile(a -> !a.startsWith(">")).toList();
                        if (args.isEmpty()) {
                            continue;
                        }
                        String target = w.get(0).equals("tee") ? args.get(0) : args.get(args.size() - 1);
                        if (w.get(0).equals("tee") && target.startsWith(UNITS)) {
                            if (!target.matches(".*\\.(service|socket|timer|path|mount|target|slice)")) {
                                findings.add(suffix(target, at));
                            } else if (!c.heredoc().isEmpty()) {
                                sections(c.heredoc(), c.line() + 1, at, findings);
                            }
                        }
                        if (target.startsWith(AVAILABLE)) {
                            sites.put(target.substring(AVAILABLE.length()), at);
                        }
                        unitFilesSeen |= target.startsWith(UNITS) && target.endsWith(".service")
                                && units.put(name(target), at) == null;
                    }
                    if (w.get(0).equals("ln")) {
                        link(w, at, sites, findings);
                    }
                    if (w.get(0).equals("rm") && w.contains(AVAILABLE + "default")
                            && plan.steps().stream().flatMap(s -> s.commands().stream()).noneMatch(
                                    x -> x.text().contains("rm") && x.text().contains(ENABLED + "default"))) {
                        findings.add(new LintFinding(Severity.ERROR, "nginx.dangling-default", "the default site is removed"
                                + " from sites-available but its link in sites-enabled stays: the link dangles and nginx"
                                + " fails to load its configuration; remove " + ENABLED + "default instead (or as well)",
                                at, at));
                    }
                }
            }
        }
        if (unitFilesSeen) {
            started(plan, units, findings);
        }
        return findings;
    }

    /** A unit file written: its suffix and its sections. Whether it was one (under /etc/systemd/system). */
    private static boolean unitFile(String path, LabStep step, Map<String, SourceLine> units, List<LintFinding> findings) {
        if (!path.startsWith(UNITS)) {
            return false;
        }
        String file = path.substring(UNITS.length());
        if (!file.matches(".*\\.(service|socket|timer|path|mount|target|slice)")) {
            findings.add(suffix(path, step.at()));
            return true;
        }
        units.put(name(path), step.at());
        sections(step.file().content(), step.file().line(), step.at(), findings);
        return true;
    }

    private static LintFinding suffix(String path, SourceLine at) {
        String file = path.substring(path.lastIndexOf('/') + 1);
        return new LintFinding(Severity.ERROR, "unit.suffix", path + " has no unit suffix: systemd loads only .service"
                + " (and .socket, .timer, ...) files from " + UNITS + ", so systemctl will not find it; name it " + UNITS
                + file.replaceFirst("\\.[^.]*$", "") + ".service", at, at);
    }

    /** A unit's sections as written, from its first line's number: [UNIT] is not [Unit]. */
    private static void sections(String content, int firstLine, SourceLine step, List<LintFinding> findings) {
        String[] lines = content.split("\n");
        for (int i = 0; i < lines.length; i++) {
            Matcher m = SECTION.matcher(lines[i]);
            if (m.matches() && !SECTIONS.contains(m.group(1))) {
                String right = SECTIONS.stream().filter(s -> s.equalsIgnoreCase(m.group(1))).findFirst().orElse(null);
                if (right != null) {
                    SourceLine at = new SourceLine(firstLine + i, step.headings());
                    findings.add(new LintFinding(Severity.ERROR, "unit.section", "the unit's section is written ["
                            + m.group(1) + "]; systemd's section names are case-sensitive, so it ignores that section:"
                            + " write [" + right + "]", at, step));
                }
            }
        }
    }

    /** An editor on a file under /etc, /usr or /opt as a user who is not root: the file cannot be saved. */
    private static void noSudo(Command c, String simple, List<String> w, SourceLine at, List<LintFinding> findings) {
        if (!EDITORS.contains(w.get(0)) || w.size() < 2 || simple.strip().startsWith("sudo") || c.user().equals("root")) {
            return;
        }
        String path = w.get(w.size() - 1);
        if (path.startsWith("/etc/") || path.startsWith("/usr/") || path.startsWith("/opt/")) {
            findings.add(new LintFinding(Severity.ERROR, "edit.no-sudo", w.get(0) + " opens " + path + " without sudo:"
                    + " it belongs to root, so the edit cannot be saved; use sudo " + w.get(0) + " " + path, at, at));
        }
    }

    /** {@code ln -s /etc/nginx/sites-available/X /etc/nginx/sites-enabled/}: X must be a site the document wrote. */
    private static void link(List<String> w, SourceLine at, Map<String, SourceLine> sites, List<LintFinding> findings) {
        List<String> args = w.subList(1, w.size()).stream().filter(a -> !a.startsWith("-")).toList();
        if (args.size() < 2 || !args.get(0).startsWith(AVAILABLE) || sites.isEmpty()) {
            return;
        }
        String site = args.get(0).substring(AVAILABLE.length());
        if (!site.isEmpty() && !site.equals("default") && !sites.containsKey(site)) {
            SourceLine written = sites.values().iterator().next();
            findings.add(new LintFinding(Severity.ERROR, "nginx.site-link", "the link points at " + AVAILABLE + site
                    + ", but the document writes the site as " + AVAILABLE + String.join(", ", sites.keySet())
                    + ": the link dangles and the site is never enabled", at, written));
        }
    }

    /** systemctl start/enable/restart NAME on the server: NAME.service must be a unit the document writes. */
    private static void started(LabPlan plan, Map<String, SourceLine> units, List<LintFinding> findings) {
        for (LabStep step : plan.steps()) {
            if (step.where() != Where.SERVER) {
                continue;
            }
            for (Command c : step.commands()) {
                for (String simple : c.simpleCommands()) {
                    List<String> w = ShellWords.program(simple);
                    if (w.size() < 3 || !w.get(0).equals("systemctl") || !w.get(1).matches("start|enable|restart")) {
                        continue;
                    }
                    for (String unit : w.subList(2, w.size())) {
                        String name = unit.replaceFirst("\\.service$", "");
                        if (unit.startsWith("-") || PACKAGED.contains(name) || units.containsKey(name)
                                || name.contains("@") || name.contains("$") || name.contains("<")) {
                            continue;
                        }
                        SourceLine at = new SourceLine(c.line(), step.at().headings());
                        findings.add(new LintFinding(Severity.ERROR, "unit.not-written", "systemctl " + w.get(1) + " "
                                + unit + ", but the document writes no " + name + ".service (it writes "
                                + (units.isEmpty() ? "no .service file" : String.join(", ", units.keySet().stream()
                                        .map(u -> u + ".service").toList())) + "): 'Unit " + name + ".service not found'",
                                at, units.isEmpty() ? at : units.values().iterator().next()));
                        return; // once: every later systemctl of that name fails the same way
                    }
                }
            }
        }
    }

    private static String name(String path) {
        String file = path.substring(path.lastIndexOf('/') + 1);
        return file.replaceFirst("\\.service$", "");
    }
}

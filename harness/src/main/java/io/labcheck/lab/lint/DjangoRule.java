package io.labcheck.lab.lint;

import io.labcheck.lab.Command;
import io.labcheck.lab.LabPlan;
import io.labcheck.lab.LabStep;
import io.labcheck.lab.ShellWords;
import io.labcheck.lab.SourceLine;
import io.labcheck.lab.StepKind;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Django will refuse: an {@code ALLOWED_HOSTS} entry written {@code *.example.com} (Django matches subdomains
 * with a leading dot; the star matches nothing, so every request answers 400), and a project served under two
 * package names ({@code a.wsgi} in one start, {@code b.wsgi} in another: a project has one package, so one of
 * them fails with ModuleNotFoundError).
 */
final class DjangoRule implements LintRule {
    private static final Pattern STAR_HOST = Pattern.compile("ALLOWED_HOSTS.*?['\"=,\\[\\s](\\*\\.[A-Za-z0-9.-]+)");
    private static final Pattern MODULE = Pattern.compile("^([A-Za-z_][A-Za-z0-9_.]*)\\.(wsgi|asgi)(:\\w+)?$");

    @Override
    public List<LintFinding> check(LabPlan plan) {
        List<LintFinding> findings = new ArrayList<>();
        String project = null;
        SourceLine projectAt = null;
        Set<String> reported = new HashSet<>();
        // the document's lines in order: commands, and the content of the files it writes (a unit's ExecStart is a start)
        List<String> lines = new ArrayList<>();
        List<SourceLine> at = new ArrayList<>();
        List<WrittenFiles.File> files = WrittenFiles.of(plan);
        for (LabStep step : plan.steps()) {
            if (step.kind() == StepKind.RUN) {
                for (Command c : step.commands()) {
                    lines.add(c.text());
                    at.add(new SourceLine(c.line(), step.at().headings()));
                }
            }
        }
        for (WrittenFiles.File f : files) {
            String[] content = f.lines();
            for (int i = 0; i < content.length; i++) {
                lines.add(content[i].strip().startsWith("ExecStart=") ? content[i].strip().substring(10) : content[i]);
                at.add(f.at(i));
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            order.add(i);
        }
        order.sort(java.util.Comparator.comparingInt(i -> at.get(i).line()));
        {
            for (int i : order) {
                Matcher star = STAR_HOST.matcher(lines.get(i));
                if (star.find()) {
                    String host = star.group(1);
                    findings.add(new LintFinding(Severity.ERROR, "django.allowed-hosts", "ALLOWED_HOSTS lists '" + host
                            + "', but Django matches subdomains with a leading dot, not a star: requests to them answer"
                            + " 400 Bad Request; write '" + host.substring(1) + "'", at.get(i), at.get(i)));
                }
                for (String simple : ShellWords.splitChain(lines.get(i))) {
                    List<String> w = ShellWords.program(simple);
                    if (w.isEmpty() || !w.get(0).matches(".*(gunicorn|uvicorn|daphne)")) {
                        continue;
                    }
                    for (String word : w) {
                        Matcher m = MODULE.matcher(word);
                        if (!m.find()) {
                            continue;
                        }
                        if (project == null) {
                            project = m.group(1);
                            projectAt = at.get(i);
                        } else if (!project.equals(m.group(1)) && reported.add(m.group(1))) {
                            findings.add(new LintFinding(Severity.ERROR, "django.project", w.get(0).replaceFirst(".*/", "")
                                    + " serves " + word + ", but an earlier start serves " + project + "." + m.group(2)
                                    + ": a Django project has one package, so one of them fails with"
                                    + " ModuleNotFoundError; use the project's package name in both", at.get(i), projectAt));
                        }
                    }
                }
            }
        }
        return findings;
    }
}

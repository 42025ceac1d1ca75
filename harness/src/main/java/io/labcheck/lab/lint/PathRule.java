package io.labcheck.lab.lint;

import io.labcheck.lab.Command;
import io.labcheck.lab.LabPlan;
import io.labcheck.lab.LabStep;
import io.labcheck.lab.ShellWords;
import io.labcheck.lab.SourceLine;
import io.labcheck.lab.SshTarget;
import io.labcheck.lab.StepKind;
import io.labcheck.lab.Where;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Paths created in one step and used in another, under the login user's home: the venv {@code source} activates
 * and the one a unit file's {@code ExecStart} runs from must be the venv created; a unit's
 * {@code WorkingDirectory} must be a directory the document creates (mkdir, git clone). It follows {@code cd}
 * on the server; a new ssh login starts again at home.
 */
final class PathRule implements LintRule {
    private String home;
    private String cwd;
    private final Map<String, SourceLine> created = new LinkedHashMap<>();
    private final Map<String, SourceLine> venvs = new LinkedHashMap<>();
    private final List<LintFinding> findings = new ArrayList<>();

    @Override
    public List<LintFinding> check(LabPlan plan) {
        PathRule run = new PathRule(); // state per plan
        return run.walk(plan);
    }

    private List<LintFinding> walk(LabPlan plan) {
        for (LabStep step : plan.steps()) {
            if (step.kind() == StepKind.RUN) {
                for (Command c : step.commands()) {
                    SourceLine at = new SourceLine(c.line(), step.at().headings());
                    for (String simple : c.simpleCommands()) {
                        command(step.where(), ShellWords.program(simple), at);
                    }
                }
            } else if (step.kind() == StepKind.WRITE_FILE && step.where() == Where.SERVER && home != null) {
                if (step.file().path().endsWith(".service")) {
                    unitFile(step);
                } else if (step.file().path().contains("nginx")) {
                    nginxFile(step);
                }
            }
        }
        return findings;
    }

    private void command(Where where, List<String> w, SourceLine at) {
        if (w.isEmpty()) {
            return;
        }
        if (where == Where.WORKSTATION && w.get(0).equals("ssh")) {
            SshTarget t = SshTarget.of(w);
            if (t != null && t.remoteCommand().isEmpty() && !t.user().isEmpty() && !t.user().startsWith("$")) {
                home = t.user().equals("root") ? "/root" : "/home/" + t.user();
                cwd = home;
            }
            return;
        }
        if (where != Where.SERVER || home == null) {
            return;
        }
        if (Set.of("cd", "chmod", "chown").contains(w.get(0))) {
            w.stream().skip(1).filter(x -> x.startsWith("/") || x.startsWith("~/")).findFirst()
                    .ifPresent(x -> unknown(w.get(0) + " " + x, resolve(x), at));
        }
        switch (w.get(0)) {
            case "cd" -> cwd = w.size() > 1 ? resolve(w.get(1)) : home;
            case "mkdir" -> w.stream().skip(1).filter(x -> !x.startsWith("-")).forEach(x -> created.putIfAbsent(resolve(x), at));
            case "venv", "virtualenv" -> w.stream().skip(1).filter(x -> !x.startsWith("-")).findFirst().ifPresent(x -> {
                created.putIfAbsent(resolve(x), at);
                venvs.putIfAbsent(resolve(x), at);
            });
            case "git" -> {
                if (w.size() > 2 && w.get(1).equals("clone")) {
                    List<String> args = w.stream().skip(2).filter(x -> !x.startsWith("-")).toList();
                    if (!args.isEmpty()) {
                        String dir = args.size() > 1 ? args.get(1)
                                : args.get(0).replaceFirst("\\.git/?$", "").replaceFirst(".*/", "");
                        created.putIfAbsent(resolve(dir), at);
                    }
                }
            }
            case "source", "." -> {
                if (w.size() > 1 && w.get(1).endsWith("/bin/activate")) {
                    String venv = resolve(w.get(1)).replaceFirst("/bin/activate$", "");
                    checkVenv(venv, "source " + w.get(1), at);
                }
            }
            default -> { }
        }
    }

    private void unitFile(LabStep step) {
        String[] lines = step.file().content().split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            SourceLine at = new SourceLine(step.file().line() + i, step.at().headings());
            if (line.startsWith("WorkingDirectory=")) {
                String dir = line.substring("WorkingDirectory=".length()).strip();
                if (dir.startsWith(home + "/") && !known(dir)) {
                    SourceLine near = created.values().stream().reduce((a, b) -> b).orElse(step.at());
                    findings.add(new LintFinding(Severity.ERROR, "path.workdir", "the unit's WorkingDirectory is " + dir
                            + ", which no step creates (the document creates " + String.join(", ", created.keySet())
                            + "): systemd fails with status=200/CHDIR", at, near));
                }
            } else if (line.startsWith("ExecStart=")) {
                String exe = line.substring("ExecStart=".length()).strip().split("\\s+")[0];
                if (exe.startsWith(home + "/") && exe.contains("/bin/")) {
                    checkVenv(exe.substring(0, exe.lastIndexOf("/bin/")), "ExecStart " + exe, at);
                }
            }
        }
    }

    /** A path under the home that no step creates, while the document does create its own directories there. */
    private void unknown(String what, String path, SourceLine at) {
        boolean createsInHome = created.keySet().stream().anyMatch(c -> c.startsWith(home + "/"));
        if (home == null || !createsInHome || !path.startsWith(home + "/") || known(path) || path.matches(".*[<>\\[\\]{}$].*")) {
            return;
        }
        SourceLine near = created.values().stream().reduce((a, b) -> b).orElse(at);
        findings.add(new LintFinding(Severity.ERROR, "path.unknown", what + " names " + path + ", which no step creates"
                + " (the document creates " + String.join(", ", created.keySet()) + "): 'No such file or directory'; use"
                + " the directory the document made", at, near));
    }

    private void nginxFile(LabStep step) {
        String[] lines = step.file().content().split("\n");
        for (int i = 0; i < lines.length; i++) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\s*(alias|root)\\s+([^;\\s]+)").matcher(lines[i]);
            if (m.find()) {
                unknown(m.group(1) + " " + m.group(2), resolve(m.group(2)), new SourceLine(step.file().line() + i, step.at().headings()));
            }
        }
    }

    private void checkVenv(String venv, String what, SourceLine at) {
        if (venvs.isEmpty() || venvs.containsKey(venv)) {
            return;
        }
        Map.Entry<String, SourceLine> made = venvs.entrySet().iterator().next();
        findings.add(new LintFinding(Severity.ERROR, "path.venv", what + " uses the venv " + venv
                + ", but the venv was created at " + made.getKey() + ": use one path", at, made.getValue()));
    }

    private boolean known(String path) {
        return created.keySet().stream().anyMatch(c -> path.equals(c) || path.startsWith(c + "/") || c.startsWith(path + "/"));
    }

    private String resolve(String path) {
        String p = path.replace("$HOME", "~");
        String abs = p.equals("~") ? home : p.startsWith("~/") ? home + p.substring(1) : p.startsWith("/") ? p : cwd + "/" + p;
        List<String> parts = new ArrayList<>();
        for (String part : abs.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
            } else {
                parts.add(part);
            }
        }
        return "/" + String.join("/", parts);
    }
}

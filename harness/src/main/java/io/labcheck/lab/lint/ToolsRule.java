package io.labcheck.lab.lint;

import io.labcheck.lab.Command;
import io.labcheck.lab.LabPlan;
import io.labcheck.lab.LabStep;
import io.labcheck.lab.ShellWords;
import io.labcheck.lab.SourceLine;
import io.labcheck.lab.Where;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tool the server does not come with, run before any step installs it: {@code pipenv install} on a server that
 * only got python3-pip, {@code gunicorn} in a venv that got only flask. The shell says "command not found". Only
 * for a document that sets the server up itself (it installs something before): a snippet for a prepared server
 * says nothing about what is installed, and neither does a script the document runs.
 */
final class ToolsRule implements LintRule {
    /** Each tool and the package names that bring it (apt, dnf, pip or snap). */
    private static final Map<String, Set<String>> TOOLS = Map.of(
            "pipenv", Set.of("pipenv"),
            "pyenv", Set.of("pyenv"),
            "virtualenv", Set.of("virtualenv", "python3-virtualenv"),
            "gunicorn", Set.of("gunicorn", "python3-gunicorn", "gunicorn3"),
            "uvicorn", Set.of("uvicorn", "uvicorn[standard]", "python3-uvicorn", "fastapi[standard]", "fastapi[all]"),
            "nginx", Set.of("nginx", "nginx-full", "nginx-core"),
            "certbot", Set.of("certbot", "python3-certbot-nginx"),
            "docker", Set.of("docker.io", "docker-ce", "docker"));

    @Override
    public List<LintFinding> check(LabPlan plan) {
        Set<String> installed = new HashSet<>();
        boolean requirements = false; // pip install -r: what it brings is not in the document
        boolean setsUp = false;       // the document installs system packages itself
        boolean script = false;       // it ran a script, which may install anything
        List<LintFinding> findings = new ArrayList<>();
        Set<String> reported = new HashSet<>();
        for (LabStep step : plan.steps()) {
            if (step.where() != Where.SERVER) {
                continue;
            }
            for (Command c : step.commands()) {
                SourceLine at = new SourceLine(c.line(), step.at().headings());
                String text = c.text();
                if (text.contains("get.docker.com") || text.contains("get-docker.sh")) {
                    installed.add("docker");
                }
                if (text.contains("pyenv.run") || text.contains("pyenv-installer")) {
                    installed.add("pyenv");
                }
                for (String simple : c.simpleCommands()) {
                    List<String> w = ShellWords.program(simple);
                    if (w.isEmpty()) {
                        continue;
                    }
                    String p = w.get(0);
                    script |= p.endsWith(".sh") || (p.equals("bash") || p.equals("sh")) && w.size() > 1;
                    if (installs(w)) {
                        setsUp |= Set.of("apt", "apt-get", "yum", "dnf", "snap", "zypper").contains(p);
                        requirements |= w.contains("-r") || w.contains("--requirement") || w.get(0).equals("poetry")
                                || w.get(0).equals("pipenv") && w.size() == 2;
                        List<String> named = w.subList(2, w.size()); // the packages, after "install"
                        named.forEach(n -> installed.add(n.toLowerCase(java.util.Locale.ROOT).replaceFirst("[=<>\\[].*", "")));
                        TOOLS.forEach((tool, packages) -> {
                            if (named.stream().anyMatch(packages::contains)) {
                                installed.add(tool);
                            }
                        });
                    }
                    String module = imported(p, simple);
                    if (module != null && setsUp && !script && !requirements && !installed.contains(module)
                            && reported.add(module)) {
                        findings.add(new LintFinding(Severity.ERROR, "module.not-installed", p + " imports " + module
                                + ", but no step before it installs " + module + " (Python answers"
                                + " 'ModuleNotFoundError'): run it after the pip install, in the venv that has it", at, at));
                    }
                    String tool = p.equals("docker-compose") ? null : p;
                    if (tool != null && setsUp && !script && TOOLS.containsKey(tool) && !installed.contains(tool)
                            && !reported.contains(tool)
                            && !(requirements && (tool.equals("gunicorn") || tool.equals("uvicorn")))) {
                        reported.add(tool);
                        findings.add(new LintFinding(Severity.ERROR, "tool.not-installed", tool + " runs on the server,"
                                + " but no step before it installs it (the shell answers 'command not found'): install"
                                + " it first (" + String.join(" or ", TOOLS.get(tool).stream().sorted().limit(2).toList())
                                + ")", at, at));
                    }
                }
            }
        }
        return findings;
    }

    /** Python packages whose import a document may run before installing them (the standard library excluded). */
    private static final Set<String> MODULES = Set.of("django", "flask", "fastapi", "uvicorn", "gunicorn", "requests",
            "sqlalchemy", "pydantic", "dotenv", "psycopg2", "numpy", "pandas");

    /** The third-party module a {@code python -c "import x"} line imports, or null. */
    private static String imported(String program, String simple) {
        if (!program.matches("python3?(\\.\\d+)?") || !simple.contains(" -c ")) {
            return null;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:from|import)\\s+([a-z_0-9]+)").matcher(simple);
        return m.find() && MODULES.contains(m.group(1)) ? m.group(1) : null;
    }

    /** apt/yum/dnf/snap/pip/pipx install, pipenv install, poetry add/install. */
    private static boolean installs(List<String> w) {
        String p = w.get(0).substring(w.get(0).lastIndexOf('/') + 1); // venv/bin/pip is pip
        String sub = w.size() > 1 ? w.get(1) : "";
        return switch (p) {
            case "apt", "apt-get", "yum", "dnf", "snap", "pip", "pip3", "pipx", "brew", "zypper" -> sub.equals("install");
            case "python", "python3" -> w.contains("pip") && w.contains("install");
            case "pipenv" -> sub.equals("install");
            case "poetry" -> sub.equals("add") || sub.equals("install");
            default -> p.matches("pip3\\.\\d+|python3\\.\\d+") && w.contains("install");
        };
    }
}

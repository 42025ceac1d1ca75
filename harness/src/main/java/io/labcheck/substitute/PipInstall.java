package io.labcheck.substitute;

import io.labcheck.lab.ShellWords;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A {@code pip install} in a command line, read for what it will ask the package index for: its requirement
 * specifiers typed inline, and the requirements (and constraints) files it names, which pip will read from
 * the shell's directory after the {@code cd}s that come before it in the same line.
 *
 * <pre>
 * pip install -r requirements.txt              -> files [requirements.txt]
 * pip3 install fastapi "uvicorn[standard]"     -> requirements [fastapi, uvicorn[standard]]
 * cd app &amp;&amp; python3 -m pip install -q 'pydantic==2.5.0' -r reqs.txt
 *                                              -> cd [app], requirements [pydantic==2.5.0], files [reqs.txt]
 * </pre>
 */
public record PipInstall(List<String> cdBefore, List<String> requirements, List<String> files) {

    /** pip install's options that take a value (so the value is not a requirement). */
    private static final Set<String> VALUED = Set.of("-r", "--requirement", "-c", "--constraint", "-e", "--editable",
            "-t", "--target", "-i", "--index-url", "--extra-index-url", "-f", "--find-links", "--prefix", "--root",
            "--src", "--upgrade-strategy", "--python-version", "--platform", "--implementation", "--abi",
            "--only-binary", "--no-binary", "--progress-bar", "--log", "--proxy", "--retries", "--timeout",
            "--exists-action", "--trusted-host", "--cert", "--client-cert", "--cache-dir", "--global-option",
            "--install-option", "--config-settings", "-C", "--report", "--root-user-action", "--python");

    /** Every pip install in the command line (several lines, a chain), in order. */
    public static List<PipInstall> in(String commandLine) {
        List<PipInstall> found = new ArrayList<>();
        for (String line : commandLine.replace("\\\n", " ").split("\n")) {
            chain(ShellWords.stripComment(line), new ArrayList<>(), found);
        }
        return found;
    }

    /** The pip installs of one chain; a subshell group ({@code ( ...; pip install x )}) is looked into. */
    private static void chain(String line, List<String> cds, List<PipInstall> found) {
        for (String simple : ShellWords.splitChain(line)) {
            if (simple.startsWith("(") && simple.endsWith(")")) {
                chain(simple.substring(1, simple.length() - 1), new ArrayList<>(cds), found);
                continue;
            }
            List<String> w = ShellWords.program(simple);
            if (w.isEmpty()) {
                continue;
            }
            if (w.get(0).equals("cd")) {
                cds.add(w.size() > 1 ? w.get(1) : "~");
                continue;
            }
            if (!w.get(0).matches("pip[0-9.]*")) {
                continue;
            }
            int i = 1;
            while (i < w.size() && w.get(i).startsWith("-")) {
                i += VALUED.contains(w.get(i)) ? 2 : 1; // pip's general options before the command
            }
            if (i < w.size() && w.get(i).equals("install")) {
                found.add(parse(w.subList(i + 1, w.size()), cds));
            }
        }
    }

    private static PipInstall parse(List<String> args, List<String> cds) {
        List<String> requirements = new ArrayList<>();
        List<String> files = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String value = null;
            String option = a;
            if (a.startsWith("--") && a.contains("=")) {
                option = a.substring(0, a.indexOf('='));
                value = a.substring(a.indexOf('=') + 1);
            } else if (a.matches("-[rc]\\S+")) {
                option = a.substring(0, 2);
                value = a.substring(2);
            } else if (VALUED.contains(a) && i + 1 < args.size()) {
                value = args.get(++i);
            }
            if (option.startsWith("-")) {
                if (value != null && Set.of("-r", "--requirement", "-c", "--constraint").contains(option)) {
                    files.add(value);
                }
                continue;
            }
            if (isSpecifier(a)) {
                requirements.add(a);
            }
        }
        return new PipInstall(List.copyOf(cds), List.copyOf(requirements), List.copyOf(files));
    }

    /** A requirement specifier, not a path, URL, archive or direct reference. */
    static boolean isSpecifier(String word) {
        return !word.isBlank() && !word.contains("/") && !word.contains("://") && !word.contains(" @ ")
                && !word.startsWith(".") && !word.matches("(?i).*\\.(whl|zip|tar\\.gz|tgz|tar\\.bz2)$")
                && word.matches("[A-Za-z0-9][A-Za-z0-9._-]*(\\[[^\\]]*])?\\s*(;.*|[<>=!~].*)?");
    }

    /** What a requirements file asks for: its requirement lines, and the files it includes ({@code -r}, {@code -c}). */
    public record RequirementsFile(List<String> requirements, List<String> includes) {}

    /** Reads a requirements file as pip does: comments, continuations, options and per-line options left out. */
    public static RequirementsFile read(String text) {
        List<String> requirements = new ArrayList<>();
        List<String> includes = new ArrayList<>();
        for (String raw : text.replace("\r", "").replace("\\\n", " ").split("\n")) {
            String line = raw.replaceFirst("(^|\\s)#.*$", "").strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("-")) {
                List<String> w = ShellWords.words(line);
                String option = w.get(0);
                String value = w.size() > 1 ? w.get(1) : "";
                if (option.contains("=")) {
                    value = option.substring(option.indexOf('=') + 1);
                    option = option.substring(0, option.indexOf('='));
                } else if (option.matches("-[rc]\\S+")) {
                    value = option.substring(2);
                    option = option.substring(0, 2);
                }
                if (Set.of("-r", "--requirement", "-c", "--constraint").contains(option) && !value.isEmpty()) {
                    includes.add(value);
                }
                continue; // -e ., --index-url, --hash lines, ...
            }
            String requirement = line.replaceFirst("\\s+--?[a-z].*$", "").strip(); // pkg==1.0 --hash=sha256:...
            if (isSpecifier(requirement)) {
                requirements.add(requirement);
            }
        }
        return new RequirementsFile(List.copyOf(requirements), List.copyOf(includes));
    }
}

package io.labcheck.lab;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a lab's document assumes exists and cannot say itself, written by the project beside the document as
 * {@code <document name without its extension>.labcheck.yml}. Today: the repositories its {@code git clone}
 * commands fetch, each served from a fixture directory (the URL a student types is kept; the run says it
 * cloned a substitute).
 *
 * <pre>
 * repositories:
 *   - url: https://github.com/example/shop-api.git
 *     from: ../../fixtures/apps/shop-api      # relative to this file
 *
 * option: 1          # where the document offers alternatives (# Option 1 / **Option 2**), the one to run
 *                    # (default: the one the document recommends, else the first)
 *
 * provider: gabia    # whose console the document replays (default: the console it opens or names, else aws)
 *
 * images:            # what the document's Dockerfiles take from a registry, built here instead
 *   - name: python:3.11-slim
 *     from: ../../fixtures/images/python-slim  # a directory with a Dockerfile, relative to this file
 *
 * checks:            # what a step must also have done, checked on the server after it passed (exit 0 holds)
 *   - step: bash deploy.sh                             # text of the step, as for a known defect
 *     that: nginx answers from the new release         # what it proves
 *     server: test "$(curl -s localhost/version)" = 2  # shell, as the login user, from the home directory
 *
 * symptoms:          # how a troubleshooting problem's symptom shows where the document's own commands do not say
 *   - problem: Certificate issuance fails               # text of the problem's title
 *     faults: [dns-stale, app-port-closed]              # the causes it lists, as the catalogue names them
 *     server: sudo certbot renew --dry-run              # what the student runs that shows it (login user, home)
 *
 * known-defects:     # what is wrong in the document, declared so that a run fails only on what is new
 *   - step: curl http://203.0.113.10:8000/health      # text of the step where it shows
 *     finding: no step opens port 8000                 # text its failure or finding contains
 *     why: the document opens 8000 only in its troubleshooting
 *     repair:                                          # optional: what a student does, then the step again
 *       open-port: 8000
 *       server: ln -s ~/app ~/shop-app                 # shell, as the login user
 *       answers: [you@example.com, Y, N]               # typed at the step's prompts in place of the document's
 * </pre>
 *
 * A document needs no sidecar: without one, nothing is substituted and each choice's recommended (else first) way runs.
 *
 * @param option the alternative every choice takes, 0 when the sidecar names none (see {@link Alternative#chosen})
 */
public record Sidecar(Optional<Path> file, List<Repository> repositories, int option, List<KnownDefect> knownDefects,
                      String provider, List<Image> images, List<StepCheck> checks, List<ProblemSymptom> symptoms) {
    public static final String SUFFIX = ".labcheck.yml";
    public static final Sidecar NONE = new Sidecar(Optional.empty(), List.of(), 0, List.of(), "", List.of(), List.of(),
            List.of());

    /**
     * How a problem of the document's troubleshooting shows to the student, where no command of the document says:
     * run on the server (as the login user, in a fresh login from the home directory) while each of its causes is
     * injected, and its output held against the symptom the problem describes.
     *
     * @param problem text of the problem's title
     * @param faults  the causes it lists, as fault ids of the catalogue
     * @param server  the shell commands whose output is what the student sees
     */
    public record ProblemSymptom(String problem, List<String> faults, String server) {}

    /**
     * What a step must also have done, beyond its exit status, that the document cannot say in its own words: a
     * shell check on the server, as the login user in a fresh login (home directory), after the step passed. Exit 0
     * holds; its output is the evidence either way.
     *
     * @param step   text of the step, as for a known defect: one of its commands, or its name
     * @param that   what the check proves, in words ("nginx answers from the colour the script deployed")
     * @param server the shell commands
     */
    public record StepCheck(String step, String that, String server) {
        public boolean at(LabStep candidate) {
            return KnownDefect.named(step, candidate);
        }
    }

    /**
     * An image the document's Dockerfiles or commands take from a registry ({@code FROM python:3.11-slim}), and the
     * directory whose Dockerfile builds its stand-in here (no registry can be reached): loaded into the instance's
     * Docker engine under {@code name}.
     */
    public record Image(String name, Path from) {}

    /** A repository the document clones, and the directory whose files stand in for it. */
    public record Repository(String url, Path from) {
        /** The directory name {@code git clone URL} makes: the URL's last segment without {@code .git}. */
        public String name() {
            String u = url.replaceAll("/+$", "");
            String last = u.substring(Math.max(u.lastIndexOf('/'), u.lastIndexOf(':')) + 1);
            return last.endsWith(".git") ? last.substring(0, last.length() - 4) : last;
        }
    }

    /** Where a document's sidecar is looked for: beside it, named after it. */
    public static Path besides(Path document) {
        String name = document.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return document.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + SUFFIX);
    }

    /** Where the project keeps sidecars for documents it does not own (the seed labs): {@code scenarios/sidecars/}. */
    public static Optional<Path> projectSidecar(Path document) {
        return SeedLabs.repository().map(r -> r.resolve("scenarios").resolve("sidecars")
                .resolve(besides(document).getFileName().toString())).filter(Files::isRegularFile);
    }

    /**
     * The sidecar beside {@code document}, else the project's own for it ({@link #projectSidecar}), else
     * {@link #NONE}.
     */
    public static Sidecar of(Path document) {
        Path file = besides(document);
        if (Files.isRegularFile(file)) {
            return read(file);
        }
        return projectSidecar(document).map(Sidecar::read).orElse(NONE);
    }

    /** Reads a sidecar; a mistake in it is a {@link LabDocumentException} naming the file, the line and the fix. */
    public static Sidecar read(Path file) {
        Raw raw;
        try {
            raw = MAPPER.readValue(Files.readString(file), Raw.class);
        } catch (UnrecognizedPropertyException e) {
            throw new LabDocumentException("sidecar " + file + keyLine(file, e.getPropertyName()) + ": unknown key '" + e.getPropertyName()
                    + "' (a sidecar knows: repositories, images, option, known-defects, checks, symptoms, provider; a repository knows: url, from; an image knows: name, from; a known"
                    + " defect knows: step, finding, why, repair; a repair knows: open-port, server, answers; a check knows: step, that,"
                    + " server; a symptom knows: problem, faults, server)");
        } catch (JsonProcessingException e) {
            throw new LabDocumentException("sidecar " + file + at(e.getLocation()) + " is not what a sidecar holds: "
                    + e.getOriginalMessage() + " (see the README, \"Sidecars\")");
        } catch (IOException e) {
            throw new LabDocumentException("cannot read the sidecar " + file + ": " + e.getMessage());
        }
        if (raw == null) {
            return new Sidecar(Optional.of(file), List.of(), 0, List.of(), "", List.of(), List.of(), List.of());
        }
        List<Repository> repositories = new ArrayList<>();
        Set<String> urls = new HashSet<>();
        Path dir = file.toAbsolutePath().getParent();
        int n = 0;
        for (RawRepository r : raw.repositories == null ? List.<RawRepository>of() : raw.repositories) {
            n++;
            String where = "sidecar " + file + ", repository " + n;
            if (r == null || r.url == null || r.url.isBlank()) {
                throw new LabDocumentException(where + " has no url: give the URL exactly as the document's git clone"
                        + " writes it");
            }
            if (!r.url.matches("(https?|ssh|git)://.+|[\\w.-]+@[\\w.-]+:.+")) {
                throw new LabDocumentException(where + ": '" + r.url + "' is not a repository URL (https://..., ssh://..."
                        + " or git@host:path)");
            }
            if (!urls.add(r.url.replaceAll("(\\.git)?/*$", ""))) {
                throw new LabDocumentException(where + ": " + r.url + " is named twice");
            }
            if (r.from == null || r.from.isBlank()) {
                throw new LabDocumentException(where + " (" + r.url + ") has no 'from': name the directory whose files"
                        + " stand in for it, relative to the sidecar");
            }
            Path from = dir.resolve(r.from).normalize();
            if (!Files.isDirectory(from)) {
                throw new LabDocumentException(where + " (" + r.url + "): 'from: " + r.from + "' is " + from
                        + ", which is not a directory");
            }
            repositories.add(new Repository(r.url.strip(), from));
        }
        if (raw.option != null && raw.option < 1) {
            throw new LabDocumentException("sidecar " + file + ": option " + raw.option + " names no alternative: give"
                    + " 1 for the document's first way (# Option 1), 2 for the second, ...");
        }
        return new Sidecar(Optional.of(file), List.copyOf(repositories), raw.option == null ? 0 : raw.option,
                knownDefects(file, raw.knownDefects), provider(file, raw.provider), images(file, raw.images),
                checks(file, raw.checks), symptoms(file, raw.symptoms));
    }

    private static List<ProblemSymptom> symptoms(Path file, List<RawSymptom> raws) {
        List<ProblemSymptom> symptoms = new ArrayList<>();
        int n = 0;
        for (RawSymptom s : raws == null ? List.<RawSymptom>of() : raws) {
            n++;
            String where = "sidecar " + file + ", symptom " + n;
            if (s == null || s.problem == null || s.problem.isBlank()) {
                throw new LabDocumentException(where + " has no 'problem': give text of the title of the troubleshooting"
                        + " problem whose symptom it shows");
            }
            if (s.faults == null || s.faults.isEmpty() || s.faults.stream().anyMatch(f -> f == null || f.isBlank())) {
                throw new LabDocumentException(where + " (" + s.problem + ") has no 'faults': list the causes the problem"
                        + " gives, as fault ids (dns-stale, app-port-closed, ...)");
            }
            if (s.server == null || s.server.isBlank()) {
                throw new LabDocumentException(where + " (" + s.problem + ") has no 'server': give the shell commands"
                        + " whose output is what the student sees");
            }
            symptoms.add(new ProblemSymptom(s.problem.strip(), s.faults.stream().map(String::strip).toList(), s.server));
        }
        return List.copyOf(symptoms);
    }

    private static List<Image> images(Path file, List<RawImage> raw) {
        List<Image> images = new ArrayList<>();
        Path dir = file.toAbsolutePath().getParent();
        int n = 0;
        for (RawImage r : raw == null ? List.<RawImage>of() : raw) {
            n++;
            String where = "sidecar " + file + ", image " + n;
            if (r == null || r.name == null || !r.name.strip().matches("[a-z0-9][a-z0-9._/-]*(:[\\w][\\w.-]*)?")) {
                throw new LabDocumentException(where + " has no image name: give it as the document's FROM or docker"
                        + " command writes it (python:3.11-slim)");
            }
            if (r.from == null || r.from.isBlank()) {
                throw new LabDocumentException(where + " (" + r.name + ") has no 'from': name the directory whose"
                        + " Dockerfile builds its stand-in, relative to the sidecar");
            }
            Path from = dir.resolve(r.from).normalize();
            if (!Files.isRegularFile(from.resolve("Dockerfile"))) {
                throw new LabDocumentException(where + " (" + r.name + "): 'from: " + r.from + "' is " + from
                        + ", which holds no Dockerfile");
            }
            images.add(new Image(r.name.strip(), from));
        }
        return List.copyOf(images);
    }

    private static List<StepCheck> checks(Path file, List<RawCheck> raws) {
        List<StepCheck> checks = new ArrayList<>();
        int n = 0;
        for (RawCheck c : raws == null ? List.<RawCheck>of() : raws) {
            n++;
            String where = "sidecar " + file + ", check " + n;
            if (c == null || c.step == null || c.step.isBlank()) {
                throw new LabDocumentException(where + " has no 'step': give text of the step it checks (one of its"
                        + " commands, as the document writes it)");
            }
            if (c.that == null || c.that.isBlank()) {
                throw new LabDocumentException(where + " (" + c.step + ") has no 'that': say in words what it proves");
            }
            if (c.server == null || c.server.isBlank()) {
                throw new LabDocumentException(where + " (" + c.step + ") has no 'server': give the shell commands whose"
                        + " exit 0 means it holds");
            }
            checks.add(new StepCheck(c.step.strip(), c.that.strip(), c.server));
        }
        return List.copyOf(checks);
    }

    private static String provider(Path file, String raw) {
        if (raw == null || raw.isBlank()) {
            return "";
        }
        if (!io.labcheck.cloud.ProviderProfile.KNOWN.contains(raw.strip())) {
            throw new LabDocumentException("sidecar " + file + ": provider '" + raw + "' has no profile: use one of "
                    + String.join(", ", io.labcheck.cloud.ProviderProfile.KNOWN) + " (or leave it out: the document's"
                    + " console address or words name it)");
        }
        return raw.strip();
    }

    private static List<KnownDefect> knownDefects(Path file, List<RawDefect> raws) {
        List<KnownDefect> defects = new ArrayList<>();
        int n = 0;
        for (RawDefect d : raws == null ? List.<RawDefect>of() : raws) {
            n++;
            String where = "sidecar " + file + ", known defect " + n;
            if (d == null || d.step == null || d.step.isBlank()) {
                throw new LabDocumentException(where + " has no 'step': give text of the step where the defect shows"
                        + " (one of its commands, as the document writes it)");
            }
            if (d.finding == null || d.finding.isBlank()) {
                throw new LabDocumentException(where + " (" + d.step + ") has no 'finding': give text its failure or"
                        + " finding contains, so that a different failure there is not taken for it");
            }
            int port = 0;
            String server = "";
            List<String> answers = List.of();
            if (d.repair != null) {
                if (d.repair.openPort != null && (d.repair.openPort < 1 || d.repair.openPort > 65535)) {
                    throw new LabDocumentException(where + ": open-port " + d.repair.openPort + " is not a port (1 to 65535)");
                }
                port = d.repair.openPort == null ? 0 : d.repair.openPort;
                server = d.repair.server == null ? "" : d.repair.server;
                answers = d.repair.answers == null ? List.of() : d.repair.answers.stream().map(a -> a == null ? "" : a).toList();
                if (port == 0 && server.isBlank() && answers.isEmpty()) {
                    throw new LabDocumentException(where + " (" + d.step + ") has a repair that does nothing: give"
                            + " open-port: N, server: <commands> or answers: [...], or leave the repair out");
                }
            }
            defects.add(new KnownDefect(d.step.strip(), d.finding.strip(), d.why == null ? "" : d.why.strip(), port, server,
                    answers));
        }
        return List.copyOf(defects);
    }

    /** The line the key is written on (the parser's location is where it stopped, after the key). */
    private static String keyLine(Path file, String key) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).matches("\\s*(- )?\\Q" + key + "\\E\\s*:.*")) {
                    return ", line " + (i + 1);
                }
            }
        } catch (IOException e) {
            // the line is a help, not a must
        }
        return "";
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? "" : ", line " + location.getLineNr();
    }

    private static final YAMLMapper MAPPER = new YAMLMapper();

    private static final class Raw {
        @JsonProperty("repositories")
        List<RawRepository> repositories;
        @JsonProperty("option")
        Integer option;
        @JsonProperty("known-defects")
        List<RawDefect> knownDefects;
        @JsonProperty("provider")
        String provider;
        @JsonProperty("images")
        List<RawImage> images;
        @JsonProperty("checks")
        List<RawCheck> checks;
        @JsonProperty("symptoms")
        List<RawSymptom> symptoms;
    }

    private static final class RawSymptom {
        @JsonProperty("problem")
        String problem;
        @JsonProperty("faults")
        List<String> faults;
        @JsonProperty("server")
        String server;
    }

    private static final class RawCheck {
        @JsonProperty("step")
        String step;
        @JsonProperty("that")
        String that;
        @JsonProperty("server")
        String server;
    }

    private static final class RawImage {
        @JsonProperty("name")
        String name;
        @JsonProperty("from")
        String from;
    }

    private static final class RawDefect {
        @JsonProperty("step")
        String step;
        @JsonProperty("finding")
        String finding;
        @JsonProperty("why")
        String why;
        @JsonProperty("repair")
        RawRepair repair;
    }

    private static final class RawRepair {
        @JsonProperty("open-port")
        Integer openPort;
        @JsonProperty("server")
        String server;
        @JsonProperty("answers")
        List<String> answers;
    }

    private static final class RawRepository {
        @JsonProperty("url")
        String url;
        @JsonProperty("from")
        String from;
    }
}

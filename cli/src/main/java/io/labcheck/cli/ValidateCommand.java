package io.labcheck.cli;

import io.labcheck.cloud.Availability;
import io.labcheck.cloud.CloudProvider;
import io.labcheck.cloud.CloudSettings;
import io.labcheck.cloud.HostKind;
import io.labcheck.lab.LabPlan;
import io.labcheck.lab.Sidecar;
import io.labcheck.scenarios.labs.Labs;
import io.labcheck.lab.LabDocumentException;
import io.labcheck.report.HtmlReport;
import io.labcheck.report.RedactingOutputStream;
import io.labcheck.report.Results;
import io.labcheck.report.ResultsListener;
import io.labcheck.report.ResultsReader;
import io.labcheck.report.ResultsWriter;
import io.labcheck.scenarios.Catalog;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Validates lab documents: runs every step of each lab on a cloud with real servers, injects"
                + " its documented failures and checks that the diagnosis names each cause, then writes"
                + " results.json and an HTML report (index.html) to the report directory.",
                "A LAB is a lab id (see 'labcheck list'), 'all' for every lab (the project's own, and the seed labs when"
                + " ../shared/seeds is beside the repository), or the path of"
                + " any lab document, which runs from itself: its steps where a student would run them, then its faults.",
                "Before the run it brings up what the labs need where it can (as root on Debian: a Docker engine"
                + " and the host image), printing each phase and its time."},
        footer = {"", "Examples:",
                "  ./labcheck validate all                                # the seed labs, embedded cloud",
                "  ./labcheck validate ec2-fastapi --report-dir out/      # one lab",
                "  ./labcheck validate my-lab.md --faults none            # any lab document, steps only",
                "  ./labcheck validate ec2-fastapi --faults loopback-bind,app-port-closed",
                "  ./labcheck validate ec2-cloud --cloud localstack",
                "",
                "Exit codes: 0 every step passed and every fault was caught and reverted; 1 something failed"
                        + " (the report says which step and why); 2 bad usage or environment (with the fix)."})
final class ValidateCommand implements Callable<Integer> {
    static final String ALL = "all";

    @Parameters(arity = "1..*", paramLabel = "LAB", description = "lab ids, 'all', or a lab document's path")
    List<String> targets;

    @Option(names = "--cloud", paramLabel = "PROVIDER", defaultValue = "embedded",
            description = "embedded (default), localstack or aws")
    String cloud;

    @Option(names = "--hosts", paramLabel = "KIND", defaultValue = "container",
            description = "what instances are: container (default: a container per instance) or local (this machine)")
    String hosts;

    @Option(names = "--faults", paramLabel = "FAULTS", defaultValue = "all",
            description = "all (default), none, or fault ids separated by commas (see 'labcheck list faults')")
    String faults;

    @Option(names = "--report-dir", paramLabel = "DIR", defaultValue = "labcheck-report",
            description = "where results.json and index.html go (default: ./labcheck-report)")
    Path reportDir;

    @Option(names = "--no-setup", description = "only check the environment; do not install or start anything")
    boolean noSetup;

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws IOException {
        Selection selection = select();
        CloudProvider provider = provider(selection.labs);
        checkHosts(selection.labs);
        Map<Catalog.Lab, Set<String>> faultsByLab = faults(selection.labs);
        Path dir = reportDirectory();

        out.println("labcheck validate: " + describe(selection, faultsByLab) + " on the " + provider.id() + " cloud"
                + (selection.labs.stream().anyMatch(Catalog.Lab::needsHosts) ? " with container hosts" : ""));
        if (selection.labs.stream().anyMatch(Catalog.Lab::needsHosts)) {
            EnvironmentSetup.requireContainerHosts(out, noSetup, CloudSettings.defaults().withHosts(HostKind.CONTAINER));
        }

        List<String> classes = new ArrayList<>();
        List<String> documentLabs = new ArrayList<>();
        for (Catalog.Lab lab : selection.labs) {
            if (!classes.contains(lab.suite())) {
                classes.add(lab.suite());
            }
            if (lab.document()) {
                documentLabs.add(selection.document != null && lab.origin().equals(selection.document.toString())
                        ? selection.document.toAbsolutePath().toString() : lab.id());
            }
        }
        Map<String, String> configuration = new LinkedHashMap<>();
        configuration.put("labcheck.cloud", provider.id());
        configuration.put(ResultsListener.RESULTS_DIR, dir.toString());
        configuration.put("labcheck.labs", String.join(",", documentLabs));
        Set<String> chosen = faultsByLab.values().stream().flatMap(Set::stream).collect(Collectors.toCollection(LinkedHashSet::new));
        boolean everyFault = selection.labs.stream().allMatch(l -> faultsByLab.get(l).containsAll(l.faults()));
        configuration.put("labcheck.faults", everyFault ? "all" : chosen.isEmpty() ? "none" : String.join(",", chosen));
        Labs.seedsMissing().ifPresent(why -> out.println("note: " + why));

        Path log = dir.resolve("run.log");
        // A run that writes nothing must not leave the previous run's files looking like its own.
        Files.deleteIfExists(dir.resolve(ResultsWriter.FILE_NAME));
        Files.deleteIfExists(dir.resolve(HtmlReport.FILE_NAME));
        ScenarioRunner.Outcome outcome;
        try (CapturedOutput captured = CapturedOutput.to(log)) {
            outcome = new ScenarioRunner(out).run(classes, configuration);
        }
        return verdict(dir, log, outcome, selection.labs.stream().map(Catalog.Lab::id).toList());
    }

    private int verdict(Path dir, Path log, ScenarioRunner.Outcome outcome, List<String> asked) {
        Path json = dir.resolve(ResultsWriter.FILE_NAME);
        if (!Files.isRegularFile(json)) {
            out.println("FAILED: the run wrote no results.json; its output is in " + log);
            return Labcheck.FAILED;
        }
        Results results;
        try {
            results = new ResultsReader().read(json);
        } catch (IOException e) {
            out.println("FAILED: " + json + " cannot be read back: " + e.getMessage());
            return Labcheck.FAILED;
        }
        RunVerdict verdict = RunVerdict.of(results, asked);
        results.labs().forEach(lab -> {
            List<String> matrix = io.labcheck.report.FaultMatrixText.lines(lab);
            if (!matrix.isEmpty()) {
                out.println();
                matrix.forEach(out::println);
            }
        });
        out.println();
        verdict.problems().forEach(p -> out.println("  " + p));
        boolean passed = verdict.passed() && outcome.failed() == 0;
        Path html = dir.resolve(HtmlReport.FILE_NAME);
        out.println((passed ? "PASSED" : "FAILED") + ": " + verdict.summary());
        out.println("report:  " + (Files.isRegularFile(html) ? html.toAbsolutePath() : "(no index.html)"));
        out.println("results: " + json.toAbsolutePath());
        out.println("output:  " + log.toAbsolutePath());
        return passed ? Labcheck.PASSED : Labcheck.FAILED;
    }

    /** The labs to run, and the document when one was named. */
    private record Selection(List<Catalog.Lab> labs, Path document) {
    }

    private Selection select() {
        Set<Catalog.Lab> labs = new LinkedHashSet<>();
        Path document = null;
        for (String target : targets) {
            if (target.equals(ALL)) {
                labs.addAll(Catalog.labs());
                continue;
            }
            var known = Catalog.find(target);
            if (known.isPresent()) {
                labs.add(known.get());
                continue;
            }
            Path file = Path.of(target);
            if (!Files.isRegularFile(file)) {
                throw new Labcheck.UserError("'" + target + "' is neither a lab nor a file: labs are "
                        + ids(Catalog.labs()) + " or 'all' (see 'labcheck list'), or name a lab document that exists");
            }
            if (document != null) {
                throw new Labcheck.UserError("one document per run: validate " + document + " and " + file + " separately");
            }
            document = file;
            labs.add(labOf(file));
        }
        return new Selection(List.copyOf(labs), document);
    }

    /** Any lab document runs from itself (and its sidecar, if it has one); both are read first so a bad one stops here with the reason. */
    private Catalog.Lab labOf(Path file) {
        try {
            LabPlan.read(file);
            Sidecar.of(file);
        } catch (LabDocumentException e) {
            throw new Labcheck.UserError(e.getMessage());
        }
        return Catalog.document(file);
    }

    private CloudProvider provider(List<Catalog.Lab> labs) {
        CloudProvider provider;
        try {
            provider = CloudProvider.fromId(cloud);
        } catch (IllegalArgumentException e) {
            throw new Labcheck.UserError(e.getMessage());
        }
        List<Catalog.Lab> withHosts = labs.stream().filter(Catalog.Lab::needsHosts).toList();
        if (provider != CloudProvider.EMBEDDED && !withHosts.isEmpty()) {
            throw new Labcheck.UserError(ids(withHosts) + " need real servers, and container hosts back only the"
                    + " embedded cloud: use --cloud embedded (the default), or validate the cloud steps alone"
                    + " with 'labcheck validate ec2-cloud --cloud " + provider.id() + "'");
        }
        Availability a = provider.availability(CloudSettings.defaults().withProvider(provider));
        if (!a.available()) {
            throw new Labcheck.UserError("the " + provider.id() + " cloud cannot run here: " + a.reason());
        }
        return provider;
    }

    private void checkHosts(List<Catalog.Lab> labs) {
        switch (hosts) {
            case "container" -> { }
            case "local" -> {
                List<Catalog.Lab> changing = labs.stream().filter(Catalog.Lab::needsHosts).toList();
                if (!changing.isEmpty()) {
                    throw new Labcheck.UserError("--hosts local: " + ids(changing) + " change the server they run on"
                            + " (apt-get, pip, a server on port 8000), and labcheck never runs such steps on this"
                            + " machine; use --hosts container (the default)");
                }
            }
            default -> throw new Labcheck.UserError("--hosts " + hosts + ": use container or local");
        }
    }

    private Map<Catalog.Lab, Set<String>> faults(List<Catalog.Lab> labs) {
        Map<Catalog.Lab, Set<String>> chosen = new LinkedHashMap<>();
        String spec = faults.strip();
        if (spec.equals("all") || spec.equals("none")) {
            labs.forEach(l -> chosen.put(l, spec.equals("all") ? new LinkedHashSet<>(l.faults()) : Set.of()));
            return chosen;
        }
        Set<String> wanted = Arrays.stream(spec.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
        Set<String> known = labs.stream().flatMap(l -> l.faults().stream()).collect(Collectors.toCollection(LinkedHashSet::new));
        Set<String> unknown = new LinkedHashSet<>(wanted);
        unknown.removeAll(known);
        if (wanted.isEmpty() || !unknown.isEmpty()) {
            throw new Labcheck.UserError("--faults " + spec + ": " + (wanted.isEmpty() ? "no fault named"
                    : "not a fault of " + ids(labs) + ": " + String.join(", ", unknown))
                    + "; use all, none or some of: " + (known.isEmpty() ? "(these labs inject none)" : String.join(", ", known)));
        }
        labs.forEach(l -> chosen.put(l, l.faults().stream().filter(wanted::contains)
                .collect(Collectors.toCollection(LinkedHashSet::new))));
        return chosen;
    }

    private Path reportDirectory() {
        try {
            Files.createDirectories(reportDir);
            Path probe = Files.createTempFile(reportDir, ".write-check-", ".tmp");
            Files.delete(probe);
            return reportDir;
        } catch (IOException | SecurityException e) {
            throw new Labcheck.UserError("--report-dir " + reportDir + " cannot be written (" + e.getMessage()
                    + "): name a directory you can write to");
        }
    }

    private static String describe(Selection selection, Map<Catalog.Lab, Set<String>> faults) {
        return selection.labs.stream().map(l -> l.id() + (selection.document != null && l.document()
                        ? " (document " + selection.document + ")" : "")
                        + (l.faults().isEmpty() ? "" : ", faults: " + (faults.get(l).isEmpty() ? "none"
                        : faults.get(l).size() == l.faults().size() ? "all " + l.faults().size() : String.join(",", faults.get(l)))))
                .collect(Collectors.joining("; "));
    }

    private static String ids(List<Catalog.Lab> labs) {
        return labs.stream().map(Catalog.Lab::id).collect(Collectors.joining(", "));
    }

    /**
     * What the scenarios print goes to a log file beside the report, with secrets kept out as results
     * are; the console shows the progress.
     */
    private static final class CapturedOutput implements AutoCloseable {
        private final PrintStream savedOut = System.out;
        private final PrintStream savedErr = System.err;
        private final PrintStream file;

        private CapturedOutput(Path log) throws IOException {
            OutputStream stream = new RedactingOutputStream(Files.newOutputStream(log));
            file = new PrintStream(stream, true, StandardCharsets.UTF_8);
            System.setOut(file);
            System.setErr(file);
        }

        static CapturedOutput to(Path log) throws IOException {
            return new CapturedOutput(log);
        }

        @Override
        public void close() {
            System.setOut(savedOut);
            System.setErr(savedErr);
            file.close();
        }
    }
}

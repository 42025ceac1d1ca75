package io.labcheck.cli;

import io.labcheck.cloud.ReadOnlyEc2;
import io.labcheck.diagnose.Diagnosis;
import io.labcheck.diagnose.Finding;
import io.labcheck.diagnose.LocalShell;
import io.labcheck.grade.ClassGrade;
import io.labcheck.grade.EndState;
import io.labcheck.grade.Expectation;
import io.labcheck.grade.Grader;
import io.labcheck.grade.Roster;
import io.labcheck.lab.LabDocumentException;
import io.labcheck.lab.LabPlan;
import io.labcheck.report.ClassReport;
import io.labcheck.report.ScorecardReport;
import io.labcheck.run.RunnableLab;
import io.labcheck.scenarios.labs.Labs;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;


import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "grade", mixinStandardHelpOptions = true,
        description = {"Grades a finished lab on your own server: what the lab's document leaves true at the end (your"
                + " key protected, ssh logging in, the app listening on 0.0.0.0 and answering from outside with what"
                + " the document shows, the services it enables enabled and active), each with points and partial"
                + " credit; for anything short, the diagnosis says why and gives the fix. Never its setup commands.",
                "Read-only: it never writes, installs or restarts anything on the server or in the account.",
                "Exits 0 with a full score, 1 otherwise, 2 on bad usage."},
        footer = {"", "Examples:", "  ./labcheck grade fastapi-systemd --host 13.125.1.2 --key notes-key.pem",
                "  ./labcheck grade my-lab.md --host 13.125.1.2 --key my_app.pem --json",
                "  ./labcheck grade fastapi-systemd --local          (on the server itself)",
                "  ./labcheck grade fastapi-systemd --hosts-file class.txt --parallel 16 --report-dir graded"})
final class GradeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "LAB", description = "a lab id (see 'labcheck list') or a lab document")
    String lab;

    @Option(names = "--json", description = "print the scorecard as JSON")
    boolean json;

    @Option(names = "--hosts-file", paramLabel = "FILE",
            description = "grade a class at once: one 'host key [user]' a line (or host,key,user as CSV), keys relative"
                    + " to the file; instead of --host and --key")
    Path hostsFile;

    @Option(names = "--parallel", defaultValue = "8", paramLabel = "N",
            description = "with --hosts-file, how many servers are graded at a time (default: ${DEFAULT-VALUE})")
    int parallel;

    @Option(names = "--report-dir", paramLabel = "DIR",
            description = "also write the scorecard there, as scorecard.json and scorecard.html")
    Path reportDir;

    @Mixin
    ServerOptions server;

    private final PrintStream out = System.out;

    @Override
    public Integer call() {
        if (hostsFile != null) {
            if (server.host != null || server.key != null || server.local) {
                throw new Labcheck.UserError("--hosts-file names the servers: leave out --host, --key and --local");
            }
            if (parallel < 1) {
                throw new Labcheck.UserError("--parallel " + parallel + ": grade at least 1 server at a time");
            }
        } else {
            server.check();
        }
        LabPlan plan = plan();
        List<Expectation> expectations = EndState.of(plan);
        if (expectations.isEmpty()) {
            throw new Labcheck.UserError(plan.name() + " leaves nothing on a server to grade (no key it protects, no ssh"
                    + " login, no app it serves, no service it enables)");
        }
        if (hostsFile != null) {
            return gradeClass(plan, expectations);
        }
        Grader.Scorecard card;
        if (server.local) {
            card = Grader.gradeHere(expectations, LocalShell.here(), server.user);
            return show(plan, card);
        }
        ReadOnlyEc2.Connection cloud = server.cloud();
        try {
            card = Grader.grade(expectations, new Grader.Target(server.host, server.sshPort, server.key.toAbsolutePath(),
                    server.user, cloud.client().orElse(null), server.knownHosts()));
        } finally {
            cloud.client().ifPresent(c -> c.close());
        }
        return show(plan, card);
    }

    private int show(LabPlan plan, Grader.Scorecard card) {
        ScorecardReport report = report(plan, card, where());
        if (json) {
            out.println(report.json());
        } else {
            print(plan, card);
        }
        if (reportDir != null) {
            (json ? System.err : out).println("scorecard: " + write(report, reportDir).toAbsolutePath());
        }
        return card.full() ? Labcheck.PASSED : Labcheck.FAILED;
    }

    private LabPlan plan() {
        Path file = Path.of(lab);
        try {
            if (Files.isRegularFile(file)) {
                return LabPlan.read(file);
            }
            List<RunnableLab> labs = new Labs().labs();
            return labs.stream().filter(l -> l.id().equals(lab)).findFirst().map(l -> l.plan().get())
                    .orElseThrow(() -> new Labcheck.UserError("'" + lab + "' is neither a lab nor a file: labs are "
                            + String.join(", ", labs.stream().map(RunnableLab::id).toList()) + ", or name a lab document"));
        } catch (LabDocumentException e) {
            throw new Labcheck.UserError(e.getMessage());
        }
    }

    private void print(LabPlan plan, Grader.Scorecard card) {
        out.println("labcheck grade " + plan.name() + ": " + where());
        for (Grader.Result r : card.results()) {
            Expectation e = r.expectation();
            out.println("  [" + r.earned() + "/" + e.points() + "] " + e.what() + ": " + r.seen()
                    + (r.full() || e.section().isBlank() ? "" : "  (see: " + e.section() + ")"));
        }
        for (Grader.NotChecked n : card.notChecked()) {
            out.println("  [not checked] " + n.expectation().what() + ": " + n.why());
        }
        out.println("score: " + card.earned() + "/" + card.points() + (card.notChecked().isEmpty() ? ""
                : " (" + card.notChecked().stream().mapToInt(n -> n.expectation().points()).sum()
                + " points not checked from here)"));
        if (card.diagnosis() != null) {
            out.println();
            out.println("why: " + card.diagnosis().summary());
            for (Finding f : card.diagnosis().findings()) {
                out.println("  " + f.toString().replace("\n", "\n  "));
            }
        }
    }

    private int gradeClass(LabPlan plan, List<Expectation> expectations) {
        Roster roster;
        try {
            roster = Roster.read(hostsFile, server.user == null ? ServerOptions.DEFAULT_USER : server.user);
        } catch (Roster.RosterException e) {
            throw new Labcheck.UserError(e.getMessage());
        }
        ReadOnlyEc2.Connection cloud = server.cloud();
        ClassGrade.Outcome outcome;
        try {
            outcome = ClassGrade.grade(expectations, roster, server.sshPort, cloud.client().orElse(null), parallel,
                    server.knownHosts());
        } finally {
            cloud.client().ifPresent(c -> c.close());
        }
        List<ClassReport.Row> rows = new java.util.ArrayList<>();
        for (ClassGrade.Graded g : outcome.graded()) {
            String dir = g.server().host().replaceAll("[^\\w.-]", "_") + "-line" + g.server().line();
            Diagnosis.Report why = g.card().diagnosis();
            rows.add(new ClassReport.Row(g.server().host(), g.server().user(), g.card().earned(), g.card().points(),
                    why == null ? "" : String.join(", ", why.codes()), g.took().toMillis(), dir + "/" + ScorecardReport.HTML));
            if (reportDir != null) {
                write(report(plan, g.card(), g.server().user() + "@" + g.server().host()), reportDir.resolve(dir));
            }
        }
        ClassReport report = new ClassReport(plan.name(), outcome.parallel(), outcome.wall().toMillis(), rows);
        out.print(report.markdown());
        out.printf("per server: median %.1f s, p95 %.1f s%n", outcome.percentile(50).toMillis() / 1000.0,
                outcome.percentile(95).toMillis() / 1000.0);
        if (reportDir != null) {
            try {
                out.println("class: " + report.write(reportDir).toAbsolutePath());
            } catch (java.io.IOException e) {
                throw new Labcheck.UserError("cannot write the class's report to " + reportDir + ": " + e.getMessage());
            }
        }
        return outcome.allFull() ? Labcheck.PASSED : Labcheck.FAILED;
    }

    private static Path write(ScorecardReport report, Path dir) {
        try {
            return report.write(dir);
        } catch (java.io.IOException e) {
            throw new Labcheck.UserError("cannot write the scorecard to " + dir + ": " + e.getMessage()
                    + " (give --report-dir a directory you can write)");
        }
    }

    /** The scorecard as it is shown and written: the same document for --json and --report-dir. */
    private ScorecardReport report(LabPlan plan, Grader.Scorecard card, String where) {
        Diagnosis.Report why = card.diagnosis();
        return new ScorecardReport(plan.name(), where, card.earned(), card.points(),
                card.results().stream().map(r -> new ScorecardReport.Check(r.expectation().id(), r.expectation().what(),
                        r.earned(), r.expectation().points(), r.seen(), r.expectation().section())).toList(),
                card.notChecked().stream().map(n -> new ScorecardReport.NotChecked(n.expectation().id(),
                        n.expectation().what(), n.expectation().points(), n.why())).toList(),
                why == null ? "" : why.verdict().name().toLowerCase(java.util.Locale.ROOT),
                why == null ? "" : why.summary(),
                why == null ? List.of() : why.findings().stream().map(f -> new ScorecardReport.Cause(f.code(), f.cause(),
                        f.fix(), f.evidence(), f.labSection())).toList(),
                why == null ? List.of() : why.couldNotCheck());
    }

    private String where() {
        return server.local ? "this server, as " + server.user : server.user + "@" + server.host;
    }
}

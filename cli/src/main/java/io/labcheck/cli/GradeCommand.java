package io.labcheck.cli;

import io.labcheck.cloud.ReadOnlyEc2;
import io.labcheck.diagnose.Finding;
import io.labcheck.diagnose.LocalShell;
import io.labcheck.grade.EndState;
import io.labcheck.grade.Expectation;
import io.labcheck.grade.Grader;
import io.labcheck.lab.LabDocumentException;
import io.labcheck.lab.LabPlan;
import io.labcheck.run.RunnableLab;
import io.labcheck.scenarios.labs.Labs;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

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
                "  ./labcheck grade fastapi-systemd --local          (on the server itself)"})
final class GradeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "LAB", description = "a lab id (see 'labcheck list') or a lab document")
    String lab;

    @Option(names = "--json", description = "print the scorecard as JSON")
    boolean json;

    @Mixin
    ServerOptions server;

    private final PrintStream out = System.out;

    @Override
    public Integer call() {
        server.check();
        LabPlan plan = plan();
        List<Expectation> expectations = EndState.of(plan);
        if (expectations.isEmpty()) {
            throw new Labcheck.UserError(plan.name() + " leaves nothing on a server to grade (no key it protects, no ssh"
                    + " login, no app it serves, no service it enables)");
        }
        Grader.Scorecard card;
        if (server.local) {
            card = Grader.gradeHere(expectations, LocalShell.here(), server.user);
            if (json) {
                out.println(json(plan, card));
            } else {
                print(plan, card);
            }
            return card.full() ? Labcheck.PASSED : Labcheck.FAILED;
        }
        ReadOnlyEc2.Connection cloud = server.cloud();
        try {
            card = Grader.grade(expectations, new Grader.Target(server.host, server.sshPort, server.key.toAbsolutePath(), server.user,
                    cloud.client().orElse(null)));
        } finally {
            cloud.client().ifPresent(c -> c.close());
        }
        if (json) {
            out.println(json(plan, card));
        } else {
            print(plan, card);
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
        out.println("labcheck grade " + plan.name() + ": " + (server.local ? "this server, as " + server.user
                : server.user + "@" + server.host));
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

    private static String json(LabPlan plan, Grader.Scorecard card) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("lab", plan.name());
        doc.put("earned", card.earned());
        doc.put("points", card.points());
        doc.put("checks", card.results().stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.expectation().id());
            m.put("what", r.expectation().what());
            m.put("earned", r.earned());
            m.put("points", r.expectation().points());
            m.put("seen", r.seen());
            m.put("section", r.expectation().section());
            return m;
        }).toList());
        doc.put("notChecked", card.notChecked().stream().map(n -> Map.of("id", n.expectation().id(), "what",
                n.expectation().what(), "points", n.expectation().points(), "why", n.why())).toList());
        if (card.diagnosis() != null) {
            doc.put("verdict", card.diagnosis().verdict().name().toLowerCase(java.util.Locale.ROOT));
            doc.put("findings", card.diagnosis().findings());
            doc.put("couldNotCheck", card.diagnosis().couldNotCheck());
        }
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the scorecard as JSON", e);
        }
    }
}

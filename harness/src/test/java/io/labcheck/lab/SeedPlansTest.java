package io.labcheck.lab;

import io.labcheck.junit.RequiresSeedLabs;

import io.labcheck.lab.lint.LabLint;
import io.labcheck.lab.lint.LintFinding;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The reader and the lint over the four seed labs, against the hand-checked tables in lab/seed-plans.md. */
@RequiresSeedLabs
class SeedPlansTest {
    /** Seed 001, the EC2 chapter (../shared/seeds). */
    private static final String SEED_001 = "001_3c50021fb78c7afb.txt";


    static List<List<String>> table(String heading) throws IOException {
        try (InputStream in = SeedPlansTest.class.getResourceAsStream("/lab/seed-plans.md")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String section = text.substring(text.indexOf("## " + heading));
            List<List<String>> rows = new ArrayList<>();
            for (String line : section.lines().skip(1).toList()) {
                if (line.startsWith("## ")) {
                    break;
                }
                if (line.startsWith("| ") && !line.startsWith("| seed")) {
                    List<String> cells = new ArrayList<>();
                    for (String cell : line.substring(1, line.length() - 1).split("(?<!\\\\)\\|", -1)) {
                        cells.add(cell.strip().replace("\\|", "|"));
                    }
                    rows.add(cells);
                }
            }
            return rows;
        }
    }

    static Stream<List<String>> stepRows() throws IOException {
        return table("Steps per seed").stream();
    }

    static Stream<List<String>> troubleRows() throws IOException {
        return table("Troubleshooting entries").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stepRows")
    void stepsAndWhereEachKindRuns(List<String> row) {
        LabPlan plan = LabPlan.read(SeedLabs.directory().resolve(row.get(0)));
        assertThat(plan.steps()).hasSize(Integer.parseInt(row.get(1)));
        assertThat(plan.steps(Where.WORKSTATION)).hasSize(Integer.parseInt(row.get(2)));
        assertThat(plan.steps(Where.SERVER)).hasSize(Integer.parseInt(row.get(3)));
        assertThat(plan.steps(Where.CLOUD)).hasSize(Integer.parseInt(row.get(4)));
        assertThat(plan.steps(Where.BROWSER)).hasSize(Integer.parseInt(row.get(5)));
        assertThat(plan.steps().stream().filter(s -> s.kind() == StepKind.WRITE_FILE)).hasSize(Integer.parseInt(row.get(6)));
        assertThat(plan.troubleshooting()).hasSize(Integer.parseInt(row.get(7)));
        assertThat(plan.steps(Where.RUNNER)).hasSize(Integer.parseInt(row.get(8)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("troubleRows")
    void troubleshootingEntries(List<String> row) {
        LabPlan plan = LabPlan.read(SeedLabs.directory().resolve(row.get(0)));
        TroubleshootingEntry entry = plan.troubleshooting().stream().filter(t -> t.problem().equals(row.get(1)))
                .findFirst().orElseThrow(() -> new AssertionError("no entry " + row.get(1) + " in "
                        + plan.troubleshooting().stream().map(TroubleshootingEntry::problem).toList()));
        assertThat(entry.causes()).hasSize(Integer.parseInt(row.get(2)));
        assertCommand(entry.fixCommands(), row.get(3));
        assertCommand(entry.checkCommands(), row.get(4));
        assertCommand(entry.faultCommands(), row.get(5));
        assertThat(entry.symptom()).contains(row.get(6));
        assertThat(entry.section()).isNotBlank();
        assertThat(entry.endLine()).isGreaterThan(entry.at().line());
    }

    private static void assertCommand(List<Command> commands, String expected) {
        if (expected.isEmpty()) {
            return;
        }
        assertThat(commands).extracting(Command::text).contains(expected);
    }

    @Test
    void lintFindsExactlyTheHandCheckedFindings() throws IOException {
        List<String> expected = table("Lint findings").stream()
                .map(r -> r.get(0) + ":" + r.get(1) + " " + r.get(2) + " " + r.get(3)).sorted().toList();
        List<String> actual = new ArrayList<>();
        for (List<String> row : table("Steps per seed")) {
            LabPlan plan = LabPlan.read(SeedLabs.directory().resolve(row.get(0)));
            for (LintFinding f : LabLint.check(plan)) {
                actual.add(plan.name() + ":" + f.first().line() + " " + f.code() + " " + f.severity().name().toLowerCase());
            }
        }
        assertThat(actual.stream().sorted().toList()).isEqualTo(expected);
    }

    @Test
    void seed001sAppAndItsExpectedOutput() {
        LabPlan plan = LabPlan.read(SeedLabs.directory().resolve(SEED_001));
        LabStep app = plan.steps().stream().filter(s -> s.kind() == StepKind.WRITE_FILE).findFirst().orElseThrow();
        assertThat(app.file().path()).isEqualTo("main.py");
        assertThat(app.file().content()).contains("FastAPI()");
        assertThat(app.commands()).extracting(Command::text).containsExactly("vi main.py");
        LabStep browse = plan.steps(Where.BROWSER).get(0);
        assertThat(browse.url()).isEqualTo("http://43.200.244.121:8000/");
        assertThat(browse.expectedOutput()).isEqualTo("{\"Hello\":\"World\"}");
        assertThat(plan.steps(Where.CLOUD)).extracting(s -> s.cloud().toString())
                .contains("CreateKeyPair {keyName=my_app}", "ChooseInstanceType {instanceType=t2.micro}",
                        "AuthorizeSecurityGroupIngress {port=all}");
    }

    @Test
    void seed000sSectionsAndServerUser() {
        LabPlan plan = LabPlan.read(SeedLabs.directory().resolve("000_e487fc6f44fbae74.txt"));
        LabStep run = plan.steps().stream().filter(s -> s.summary().startsWith("uvicorn app.main:app")).findFirst().orElseThrow();
        assertThat(run.section()).isEqualTo("5.4 애플리케이션 실행");
        assertThat(run.at().line()).isEqualTo(807);
        assertThat(run.where()).isEqualTo(Where.SERVER);
        assertThat(run.commands().get(0).user()).isEqualTo("ubuntu");
        assertThat(run.expectedOutput()).contains("Uvicorn running on http://0.0.0.0:8000");
        LabStep unit = plan.steps().stream().filter(s -> s.kind() == StepKind.WRITE_FILE && s.file().path().endsWith(".service"))
                .findFirst().orElseThrow();
        assertThat(unit.file().path()).isEqualTo("/etc/systemd/system/shop-api.service");
        assertThat(unit.file().line()).isEqualTo(917);
        assertThat(unit.commands().get(0).user()).isEqualTo("root");
    }
}

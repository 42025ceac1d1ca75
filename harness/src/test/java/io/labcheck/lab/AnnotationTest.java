package io.labcheck.lab;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnnotationTest {

    private static final String ANNOTATED = """
            # Lab
            <!-- labcheck: name="start the app" runs=server expect="Uvicorn running" -->
            <!-- labcheck: check=port port=8000 address=0.0.0.0 check=http url=http://{public_ip}:8000/ status=200 body='{"Hello":"World"}' -->
            ```bash
            python3 -m uvicorn main:app --host 0.0.0.0
            ```
            <!-- labcheck: skip -->
            ```bash
            sudo reboot
            ```
            <!-- labcheck: check=mode path=k.pem mode=400 runs=workstation -->
            ```bash
            chmod 400 k.pem
            ```
            """;

    @Test
    void annotationsNameAStepSayWhereItRunsAndAddChecks() {
        LabPlan plan = LabPlan.parse("a.md", ANNOTATED);
        LabStep app = plan.steps().get(0);
        assertThat(app.name()).isEqualTo("start the app");
        assertThat(app.where()).isEqualTo(Where.SERVER);
        assertThat(app.expectedOutput()).isEqualTo("Uvicorn running");
        assertThat(app.checks()).extracting(Check::kind).containsExactly("port", "http");
        assertThat(app.checks().get(0).value("address")).isEqualTo("0.0.0.0");
        assertThat(app.checks().get(1).value("body")).isEqualTo("{\"Hello\":\"World\"}");
        assertThat(app.checks().get(1).value("status")).isEqualTo("200");
        assertThat(app.skip()).isFalse();
        assertThat(plan.steps().get(1).skip()).isTrue();
        LabStep chmod = plan.steps().get(2);
        assertThat(chmod.where()).isEqualTo(Where.WORKSTATION);
        assertThat(chmod.checks().get(0).values()).containsEntry("path", "k.pem").containsEntry("mode", "400");
    }

    @Test
    void withoutAnnotationsTheSameDocumentStillHasItsPlan() {
        String plain = ANNOTATED.lines().filter(l -> !l.startsWith("<!--")).reduce("", (a, b) -> a + b + "\n");
        LabPlan plan = LabPlan.parse("plain.md", plain);
        assertThat(plan.steps()).hasSize(3);
        assertThat(plan.steps()).allMatch(s -> s.checks().isEmpty() && !s.skip());
        assertThat(plan.steps().get(0).name()).isEqualTo("Lab: python3 -m uvicorn main:app --host 0.0.0.0");
    }

    @Test
    void aMistakeInAnAnnotationNamesTheLineAndTheFix() {
        assertThatThrownBy(() -> LabPlan.parse("bad.md", "# Lab\n<!-- labcheck: colour=red -->\n```bash\nls\n```\n"))
                .isInstanceOf(LabDocumentException.class)
                .hasMessage("line 2: unknown labcheck annotation key 'colour': use name, runs, skip, expect or check");
        assertThatThrownBy(() -> LabPlan.parse("bad.md", "# Lab\n<!-- labcheck: runs=moon -->\n```bash\nls\n```\n"))
                .hasMessageContaining("runs=moon is not a place: use runs=workstation, server, cloud or browser");
        assertThatThrownBy(() -> LabPlan.parse("bad.md", "# Lab\n<!-- labcheck: name=\"open -->\n```bash\nls\n```\n"))
                .hasMessageContaining("has no closing \"");
    }

    @Test
    void anAnnotationAboveNoStepIsAWarning() {
        LabPlan plan = LabPlan.parse("w.md", "# Lab\n<!-- labcheck: name=x -->\nprose only\n## Next\n```bash\nls\n```\n");
        assertThat(plan.warnings()).singleElement().asString().startsWith("line 2:");
        assertThat(plan.steps().get(0).name()).isNotEqualTo("x");
    }

    @Test
    void otherHtmlCommentsAreIgnored() {
        assertThat(Annotation.parse("<!-- TODO: screenshot -->", 1)).isNull();
    }

    @Test
    void initWritesACopyThatRendersTheSameAndReadsToTheSamePlan() throws Exception {
        String original = new String(LabReaderTest.class.getResourceAsStream("/lab/constructs.md").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        LabPlan plan = LabPlan.parse("constructs.md", original);
        String copy = AnnotatedCopy.of(plan, original);
        assertThat(copy).contains("<!-- labcheck: name=\"2. On the server: whoami\" runs=server -->\n```console");
        assertThat(copy.lines().filter(l -> !l.strip().startsWith("<!-- labcheck:")).toList())
                .isEqualTo(original.lines().toList());
        LabPlan again = LabPlan.parse("copy.md", copy);
        assertThat(again.steps()).extracting(LabStep::where).isEqualTo(plan.steps().stream().map(LabStep::where).toList());
        assertThat(again.steps()).extracting(LabStep::name).isEqualTo(plan.steps().stream().map(LabStep::name).toList());
        assertThat(AnnotatedCopy.of(again, copy)).isEqualTo(copy);
    }
}

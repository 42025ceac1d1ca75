package io.labcheck.grade;

import io.labcheck.lab.LabPlan;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a finished lab leaves true, read from its document. */
class EndStateTest {

    @Test
    void theKeyTheLoginTheAppFromOutsideAndTheUnitAreReadFromTheDocument() {
        LabPlan plan = LabPlan.parse("notes.md", """
                # Notes API on a server

                ## 1. Protect the key and log in

                ```bash
                chmod 400 notes-key.pem
                ssh -i notes-key.pem ubuntu@<public-ip>
                ```

                ## 2. Run it as a service

                ```bash
                sudo systemctl daemon-reload
                sudo systemctl enable --now notes
                curl http://localhost:8000/health
                ```

                ## 3. From your computer

                ```bash
                curl http://<public-ip>:8000/health
                ```

                ```
                {"status": "ok"}
                ```
                """);
        List<Expectation> end = EndState.of(plan);
        assertThat(end).extracting(Expectation::id).containsExactly("key-protected", "ssh-login", "unit notes",
                "app-answers /health", "app-listens 8000");
        Expectation answers = end.get(3);
        assertThat(answers.port()).isEqualTo(8000);
        assertThat(answers.expected()).contains("\"status\": \"ok\"");
        assertThat(end.get(0).subject()).isEqualTo("notes-key.pem");
        assertThat(end.stream().mapToInt(Expectation::points).sum()).isEqualTo(8);
    }

    @Test
    void aCurlOnTheServerItselfIsNotAnAnswerFromOutside() {
        LabPlan plan = LabPlan.parse("local.md", """
                # Local only

                ## 1. On the server

                ```bash
                ssh -i k.pem ubuntu@<public-ip>
                ```

                ```bash
                uvicorn main:app --host 0.0.0.0 --port 9000
                curl http://127.0.0.1:9000/
                ```
                """);
        assertThat(EndState.of(plan)).extracting(Expectation::id).containsExactly("ssh-login", "app-listens 9000");
    }
}

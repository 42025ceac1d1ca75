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

    /** The console steps leave rules and an Elastic IP in the account: checks only the cloud's API can make. */
    @Test
    void theInboundRulesAndTheElasticIpTheConsoleStepsAddAreCloudChecks() {
        LabPlan plan = LabPlan.parse("console.md", """
                # A server with a fixed address

                ## 1. Launch

                In the EC2 console:

                1. Add an inbound rule for port 22 with source: My IP.
                2. Add an inbound rule for port 8000 with source: Anywhere.
                3. Press Launch instance.

                ## 2. A fixed address

                1. Allocate an Elastic IP address.
                2. Associate the Elastic IP address with the instance.
                """);
        List<Expectation> end = EndState.of(plan);
        assertThat(end).extracting(Expectation::id).contains("admits 22", "admits 8000", "eip-associated");
        Expectation open = end.stream().filter(e -> e.id().equals("admits 8000")).findFirst().orElseThrow();
        assertThat(open.kind().cloudSide()).isTrue();
        assertThat(open.subject()).isEqualTo("0.0.0.0/0");
        assertThat(open.what()).contains("from anywhere (0.0.0.0/0)");
        assertThat(end.stream().filter(e -> e.id().equals("admits 22")).findFirst().orElseThrow().subject()).isEqualTo("My IP");
        assertThat(Expectation.Kind.APP_LISTENS.cloudSide()).isFalse();
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

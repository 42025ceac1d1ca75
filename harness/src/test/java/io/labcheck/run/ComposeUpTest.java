package io.labcheck.run;

import io.labcheck.lab.LabPlan;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a compose up on a file the document wrote starts: its services, the images they pull, the command narrowed. */
class ComposeUpTest {
    private static final LabPlan PLAN = LabPlan.parse("monitor.md", """
            # Monitor

            ```bash
            ssh -i key.pem ubuntu@<public-ip>
            ```

            **compose.monitoring.yml**:
            ```yaml
            services:
              prometheus:
                image: prom/prometheus
              grafana:
                image: grafana/grafana
              app:
                build: .
                image: shop-app
            ```
            """);

    @Test
    void theServicesTheirImagesAndTheCommandNarrowedToWhatCanStart() {
        ComposeUp up = ComposeUp.of(PLAN, "docker-compose -f compose.monitoring.yml up -d").orElseThrow();
        assertThat(up.file()).isEqualTo("compose.monitoring.yml");
        assertThat(up.services()).containsExactly("prometheus", "grafana", "app");
        assertThat(up.image("prometheus")).isEqualTo("prom/prometheus");
        assertThat(up.image("app")).as("built by the file, pulled from nowhere").isEmpty();
        assertThat(up.only(java.util.List.of("prometheus", "app")))
                .isEqualTo("docker-compose -f compose.monitoring.yml up -d prometheus app");
        ComposeUp one = ComposeUp.of(PLAN, "docker compose --file compose.monitoring.yml up -d grafana").orElseThrow();
        assertThat(one.services()).containsExactly("grafana");
        assertThat(ComposeUp.pulledByComposeFiles(PLAN)).containsExactly("prom/prometheus", "grafana/grafana");
    }

    @Test
    void aComposeCommandOnAFileTheDocumentDidNotWriteOrNotAnUpIsNotOne() {
        assertThat(ComposeUp.of(PLAN, "docker-compose -f other.yml up -d")).isEmpty();
        assertThat(ComposeUp.of(PLAN, "docker-compose -f compose.monitoring.yml logs -f")).isEmpty();
        assertThat(ComposeUp.of(PLAN, "cd app && docker-compose -f compose.monitoring.yml up -d")).isEmpty();
    }
}

package io.labcheck.report;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FaultMatrixTextTest {

    @Test
    void aRowAFaultAColumnAFindingAndTheMissedOneMarked() {
        Lab lab = new Lab("gabia-shop-api", "", StepStatus.passed(), List.of(), List.of(), List.of(
                new FaultResult("key-permissions", true, List.of("key-permissions"), List.of("key-permissions"), true, true, 1200L),
                new FaultResult("loopback-bind", true, List.of("loopback-bind"), List.of("app-port-closed"), false, true, 900L)),
                List.of());

        List<String> lines = FaultMatrixText.lines(lab);

        assertThat(lines.get(0)).startsWith("fault × finding, gabia-shop-api");
        assertThat(lines.get(1)).contains("  1  2  3   applied  reverted  diagnosis");
        assertThat(lines.get(2)).matches("  key-permissions\\s+✓\\s+·\\s+·\\s+yes\\s+yes\\s+1\\.2 s");
        assertThat(lines.get(3)).matches("  loopback-bind\\s+·\\s+✗\\s+\\+\\s+yes\\s+yes\\s+900 ms\\s+MISSED");
        assertThat(lines.get(4)).isEqualTo("  findings: 1 key-permissions, 2 loopback-bind, 3 app-port-closed");
        assertThat(FaultMatrixText.lines(new Lab("x", "", StepStatus.passed(), List.of(), List.of(), List.of(), List.of())))
                .isEmpty();
    }
}

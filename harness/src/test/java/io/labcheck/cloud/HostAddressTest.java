package io.labcheck.cloud;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HostAddressTest {
    @Test
    void aNameIsResolvedAndWhatDoesNotResolveIsKeptAsGiven() {
        assertThat(HostAddress.of("13.125.1.2")).isEqualTo("13.125.1.2");
        assertThat(HostAddress.of("localhost")).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(HostAddress.of("no-such-server.invalid")).isEqualTo("no-such-server.invalid");
    }
}

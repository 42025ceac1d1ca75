package io.labcheck.diagnose;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ListenersTest {

    @Test
    void loopbackIsEveryFormSsPrintsForIt() {
        assertThat(Listeners.isLoopback("127.0.0.1:8000")).isTrue();
        assertThat(Listeners.isLoopback("127.0.1.1:8000")).isTrue();
        assertThat(Listeners.isLoopback("[::1]:8000")).isTrue();
        // a dual-stack program (a JVM) bound to 127.0.0.1 shows as IPv4-mapped
        assertThat(Listeners.isLoopback("[::ffff:127.0.0.1]:8000")).isTrue();
        assertThat(Listeners.isLoopback("127.0.0.53%lo:53")).isTrue();
        assertThat(Listeners.isLoopback("0.0.0.0:8000")).isFalse();
        assertThat(Listeners.isLoopback("*:8000")).isFalse();
        assertThat(Listeners.isLoopback("[::]:8000")).isFalse();
        assertThat(Listeners.isLoopback("[::ffff:0.0.0.0]:8000")).isFalse();
        assertThat(Listeners.isLoopback("172.31.0.4:8000")).isFalse();
        assertThat(Listeners.isLoopback("1270.0.0.1:8000")).isFalse();
    }

    @Test
    void reachableWhenAnyListenerIsNotOnLoopbackAndLoopbackOnlyWhenNoneIs() {
        assertThat(Listeners.reachable("127.0.0.1:8000\n0.0.0.0:8000")).isTrue();
        assertThat(Listeners.loopbackOnly("127.0.0.1:8000\n0.0.0.0:8000")).isFalse();
        assertThat(Listeners.loopbackOnly("127.0.0.1:8000\n[::1]:8000\n")).isTrue();
        assertThat(Listeners.reachable("127.0.0.1:8000\n[::1]:8000\n")).isFalse();
        assertThat(Listeners.loopbackOnly("")).as("nothing listens: not a bind problem").isFalse();
        assertThat(Listeners.reachable("")).isFalse();
    }
}

package io.labcheck.diagnose;

import io.labcheck.ssh.ExecResult;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

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

    @Test
    void theKernelsOwnTableReadsAsSsWritesIt() {
        assertThat(Listeners.read("0100007F:1F40\n00000000:1F40\n")).isEqualTo("127.0.0.1:8000\n0.0.0.0:8000");
        assertThat(Listeners.read("00000000000000000000000001000000:1F40")).isEqualTo("[::1]:8000");
        assertThat(Listeners.read("00000000000000000000000000000000:1F40")).isEqualTo("[::]:8000");
        assertThat(Listeners.read("0000000000000000FFFF00000100007F:1F40")).isEqualTo("[::ffff:127.0.0.1]:8000");
        assertThat(Listeners.read("[::ffff:127.0.0.1]:8000\n*:8000")).as("ss's lines as they are")
                .isEqualTo("[::ffff:127.0.0.1]:8000\n*:8000");
        assertThat(Listeners.compact("fe80:0:0:0:1:0:0:2")).isEqualTo("fe80::1:0:0:2");
        assertThat(Listeners.compact("1:2:3:4:5:6:7:8")).isEqualTo("1:2:3:4:5:6:7:8");
        // RFC 5952: the first of two equally long runs, and never a single zero group
        assertThat(Listeners.compact("1:0:0:2:0:0:3:4")).isEqualTo("1::2:0:0:3:4");
        assertThat(Listeners.compact("1:0:2:3:4:5:6:7")).isEqualTo("1:0:2:3:4:5:6:7");
        // every byte of an address from the kernel's table, in its place
        assertThat(Listeners.read("0101A8C0:0050")).isEqualTo("192.168.1.1:80");
        assertThat(Listeners.read("B80D0120000000000000000001000000:01BB")).isEqualTo("[2001:db8::1]:443");
        assertThat(Listeners.read("0100007F:1F40\n\n00000000:1F40")).as("blank lines dropped")
                .isEqualTo("127.0.0.1:8000\n0.0.0.0:8000");
    }

    @Test
    void aBlankLineIsNotAListener() {
        assertThat(Listeners.loopbackOnly("127.0.0.1:8000\n\n[::1]:8000")).isTrue();
        assertThat(Listeners.reachable("127.0.0.1:8000\n   \n")).isFalse();
    }

    @Test
    void withoutSsTheKernelsTableGivesWhatSsWouldHave(@TempDir Path dir) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String tool : List.of("bash", "awk", "cat")) {
            Path real = Path.of("/usr/bin", tool);
            Files.createSymbolicLink(bin.resolve(tool), Files.exists(real) ? real : Path.of("/bin", tool));
        }
        try (ServerSocket app = new ServerSocket()) {
            app.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = app.getLocalPort();
            LocalShell noSs = new LocalShell(List.of("/usr/bin/env", "PATH=" + bin, "bash", "-c"), dir);
            ExecResult r = noSs.exec(Listeners.command(port), Duration.ofSeconds(10));
            assertThat(r.exitCode()).as("%s", r).isZero();
            String fromProc = Listeners.read(r.stdout());
            assertThat(Listeners.loopbackOnly(fromProc)).as(fromProc).isTrue();
            assumeTrue(Files.isExecutable(Path.of("/usr/bin/ss")) || Files.isExecutable(Path.of("/bin/ss")),
                    "no ss here to compare with");
            String fromSs = Listeners.read(LocalShell.here().exec(Listeners.command(port), Duration.ofSeconds(10)).stdout());
            assertThat(fromProc).isEqualTo(fromSs);
        }
    }
}

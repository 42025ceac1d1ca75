package io.labcheck.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryReadingTest {

    /** The reading on this machine: its total is what /proc/meminfo or a smaller cgroup limit says, past 2 GiB too. */
    @Test
    void theTotalIsTheMachinesOrItsCgroupLimitPastTwoGigabytes() throws Exception {
        Process p = new ProcessBuilder("bash", "-c", MemoryReading.COMMAND).redirectErrorStream(true).start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        MemoryReading reading = MemoryReading.parse(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));

        long memTotal = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                .map(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024).findFirst().orElseThrow();
        long expected = Math.min(memTotal, limit("/sys/fs/cgroup/memory/memory.limit_in_bytes", limit("/sys/fs/cgroup/memory.max", Long.MAX_VALUE)));
        assertThat(reading.totalBytes()).isEqualTo(expected);
        assertThat(reading.usedBytes()).isBetween(0L, expected);
    }

    private static long limit(String file, long otherwise) throws IOException {
        Path p = Path.of(file);
        if (!Files.isReadable(p)) {
            return otherwise;
        }
        String v = Files.readString(p).strip();
        return v.equals("max") ? otherwise : Long.parseLong(v);
    }

    @Test
    void aReadingSaysItselfInMebibytes() {
        MemoryReading m = MemoryReading.parse("4294967296 3221225472\n");
        assertThat(m.usedFraction()).isEqualTo(0.75);
        assertThat(m).hasToString("3072 MiB of 4096 MiB used (75%), 1024 MiB available");
    }
}

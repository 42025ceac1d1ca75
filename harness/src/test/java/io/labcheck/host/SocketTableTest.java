package io.labcheck.host;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The socket table is read the way the kernel writes it: this JVM's own listeners, found and then gone. */
class SocketTableTest {

    @Test
    void aListenerIsSeenWhileItListensAndNotAfter() throws Exception {
        long pid = ProcessHandle.current().pid();
        assumeTrue(java.nio.file.Files.isReadable(java.nio.file.Path.of("/proc", Long.toString(pid), "net", "tcp")),
                "no /proc socket table on this machine");
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        int port;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(loopback, 0));
            port = s.getLocalPort();
            assertThat(SocketTable.listens(pid, loopback, port)).contains(true);
            assertThat(SocketTable.listens(pid, InetAddress.getByName("127.0.0.2"), port))
                    .as("bound to 127.0.0.1 only: not listening on another address").contains(false);
        }
        assertThat(SocketTable.listens(pid, loopback, port)).contains(false);
    }

    @Test
    void anUnknownProcessTellsNothing() throws Exception {
        assertThat(SocketTable.listens(0, InetAddress.getByName("127.0.0.1"), 22)).isEmpty();
        assertThat(SocketTable.listens(Long.MAX_VALUE, InetAddress.getByName("127.0.0.1"), 22)).isEmpty();
    }

    @Test
    void addressesAreWrittenInTheKernelsByteOrder() {
        assertThat(SocketTable.hex4(new byte[] {127, 0, 0, 1})).isEqualTo("0100007F");
        assertThat(SocketTable.hex4(new byte[] {(byte) 172, 17, 0, 2})).isEqualTo("020011AC");
    }
}

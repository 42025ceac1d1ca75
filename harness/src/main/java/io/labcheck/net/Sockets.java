package io.labcheck.net;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;

/** Small socket helpers shared by the gateway's parts. */
final class Sockets {

    private Sockets() {
    }

    /** Closes with SO_LINGER 0, so the peer gets an RST (and nobody is left in TIME_WAIT). */
    static void abort(Socket s) {
        try {
            s.setSoLinger(true, 0);
        } catch (IOException alreadyClosed) {
            // nothing to reset
        }
        closeQuietly(s);
    }

    static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing is best effort: the socket is gone either way
        }
    }

    /** Thread names start with this, so a test (or a person reading a thread dump) can find them. */
    static String threadName(InetAddress address, int port) {
        return "labcheck-gw-" + address.getHostAddress() + ":" + port;
    }

    static int millis(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
    }
}

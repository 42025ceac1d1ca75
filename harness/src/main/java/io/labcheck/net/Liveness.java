package io.labcheck.net;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** What a backend port answers to a connect right now. */
enum Liveness {
    /** Something listens: the handshake completed. */
    ACCEPTS,
    /** The instance's kernel answered RST: nothing listens on that address and port. */
    REFUSES,
    /** No answer in time, or no route: the address is not there (a stopped or paused container). */
    SILENT;

    /**
     * One bounded probe (two if the first gets no answer, so one slow moment does not turn a working port
     * into a drop). The probe is closed with an RST: the app sees a reset instead of an empty connection
     * and neither side keeps a TIME_WAIT per probe.
     */
    static Liveness probe(InetSocketAddress backend, Duration timeout) {
        for (int attempt = 0; attempt < 2; attempt++) {
            Socket s = new Socket();
            try {
                s.connect(backend, Sockets.millis(timeout));
                return ACCEPTS;
            } catch (ConnectException refused) {
                return REFUSES; // Java raises ConnectException for ECONNREFUSED; no route is NoRouteToHost
            } catch (IOException timedOutOrUnreachable) {
                // try once more before calling it silent
            } finally {
                Sockets.abort(s);
            }
        }
        return SILENT;
    }
}

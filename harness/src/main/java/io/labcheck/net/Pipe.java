package io.labcheck.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies bytes both ways between two connected sockets. An end of stream is passed on as a half-close
 * (shutdownOutput), so a request/response over a half-closed socket works; a reset or error on either
 * side resets both, so neither end waits for a peer that is gone.
 */
final class Pipe {
    private static final Logger log = LoggerFactory.getLogger(Pipe.class);
    private static final int BUFFER = 32 * 1024;

    private final Socket client;
    private final Socket backend;
    private final String name;
    private final Runnable whenDone;
    private final AtomicInteger directions = new AtomicInteger(2);
    private final AtomicLong up = new AtomicLong();
    private final AtomicLong down = new AtomicLong();

    /** {@code whenDone} runs once, after both directions ended (cleanly or not). */
    Pipe(Socket client, Socket backend, String name, Runnable whenDone) {
        this.client = client;
        this.backend = backend;
        this.name = name;
        this.whenDone = whenDone;
    }

    /** Copies backend to client on a new thread and client to backend on the caller's, until both end. */
    void run(Workers workers) {
        workers.start(name + "<", () -> copy(backend, client, down));
        copy(client, backend, up);
    }

    private void copy(Socket from, Socket to, AtomicLong count) {
        byte[] buffer = new byte[BUFFER];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n); // socket streams are unbuffered: nothing to flush
                count.addAndGet(n);
            }
            to.shutdownOutput();
        } catch (IOException e) {
            Sockets.abort(from);
            Sockets.abort(to);
        }
        if (directions.decrementAndGet() == 0) {
            log.debug("{} done: {} bytes up, {} bytes down", name, up.get(), down.get());
            whenDone.run();
        }
    }
}

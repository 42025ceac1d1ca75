package io.labcheck.net;

import java.io.Closeable;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted client: checks the policy again at connect time, connects to the backend, then pipes.
 * When the answer turns out different from the port's mode (a race with a change), it gives the client
 * the nearest shape of the right answer: a reset for a refused backend, silence for a drop.
 */
final class Connection implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);

    private final Socket client;
    private final int port;
    private final String name;
    private final GatewayContext ctx;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Socket backend; // set before connecting, so close() can cut a connect in progress

    Connection(Socket client, int port, String name, GatewayContext ctx) {
        this.client = client;
        this.port = port;
        this.name = name;
        this.ctx = ctx;
    }

    void run() {
        InetAddress from = ctx.options().workstation().orElse(client.getInetAddress());
        Optional<InetSocketAddress> target = route(from);
        if (target.isEmpty()) {
            hold("the cloud no longer allows port " + port + " from " + from.getHostAddress());
            return;
        }
        Socket b = new Socket();
        backend = b;
        if (closed.get()) {
            Sockets.abort(b);
            return;
        }
        try {
            b.connect(target.get(), Sockets.millis(ctx.options().connectTimeout()));
            b.setTcpNoDelay(true); // interactive SSH must not wait for Nagle
            client.setTcpNoDelay(true);
        } catch (ConnectException refused) {
            log.debug("{}: backend {} refused: resetting the client", name, target.get());
            close();
            ctx.admission().reconsider();
            return;
        } catch (IOException silent) {
            Sockets.abort(b);
            hold("backend " + target.get() + " did not answer (" + silent.getMessage() + ")");
            return;
        }
        log.debug("{}: {} -> {}", name, client.getRemoteSocketAddress(), target.get());
        new Pipe(client, b, name, this::finish).run(ctx.workers());
    }

    private Optional<InetSocketAddress> route(InetAddress from) {
        try {
            return ctx.admission().route(port, from);
        } catch (RuntimeException e) {
            log.warn("{}: the policy failed at connect time, treating the connection as not allowed", name, e);
            return Optional.empty();
        }
    }

    /**
     * The handshake is done, so a drop can only be imitated by silence: the client's request hangs until
     * its own timeout, and the connection is reset after the hold. The port's mode is reconsidered so the
     * next client meets a real connect timeout.
     */
    private void hold(String why) {
        log.debug("{}: {}: holding the client silently for {}", name, why, ctx.options().holdTimeout());
        try {
            ctx.timer().schedule(this::close, ctx.options().holdTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            close();
        }
        ctx.admission().reconsider();
    }

    /** Both directions ended: a normal close (the FINs were already passed on by the pipe). */
    private void finish() {
        if (closed.compareAndSet(false, true)) {
            Sockets.closeQuietly(client);
            Sockets.closeQuietly(backend);
            ctx.live().remove(this);
        }
    }

    /** Cuts the connection with a reset on both sides. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            Sockets.abort(client);
            Socket b = backend;
            if (b != null) {
                Sockets.abort(b);
            }
            ctx.live().remove(this);
        }
    }
}

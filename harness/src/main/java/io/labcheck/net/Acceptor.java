package io.labcheck.net;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A forwarding port: accepts on the public address and hands each client to a {@link Connection}. */
final class Acceptor implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(Acceptor.class);
    private static final int BACKLOG = 50;
    /** How long close() waits for the accept thread; it leaves within microseconds of being signalled. */
    private static final long JOIN_MILLIS = 1000;

    private final ServerSocket server;
    private final int port;
    private final String name;
    private final GatewayContext ctx;
    private final AtomicLong accepted = new AtomicLong();
    private Thread thread;

    private Acceptor(ServerSocket server, int port, String name, GatewayContext ctx) {
        this.server = server;
        this.port = port;
        this.name = name;
        this.ctx = ctx;
    }

    static Acceptor start(InetAddress address, int port, GatewayContext ctx) throws IOException {
        ServerSocket server = new ServerSocket();
        try {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(address, port), BACKLOG);
        } catch (IOException e) {
            Sockets.closeQuietly(server);
            throw e;
        }
        Acceptor acceptor = new Acceptor(server, port, Sockets.threadName(address, port), ctx);
        acceptor.thread = ctx.workers().start(acceptor.name, acceptor::loop);
        return acceptor;
    }

    private void loop() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (server.isClosed()) {
                    break;
                }
                log.debug("{}: accept failed, retrying shortly: {}", name, e.toString());
                if (!pause()) {
                    break;
                }
                continue;
            }
            String id = name + "#" + accepted.incrementAndGet();
            Connection connection = new Connection(client, port, id, ctx);
            if (ctx.live().add(connection)) {
                ctx.workers().start(id, connection::run);
            }
        }
        log.debug("{}: no longer accepting", name);
    }

    /** A short, bounded back-off so a persistent accept error (out of file descriptors) cannot spin. */
    private static boolean pause() {
        try {
            Thread.sleep(50);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Stops accepting and returns once the port is free. Closing a socket that a thread is blocked in
     * accept() on only pre-closes it (JDK 17 NioSocketImpl): the kernel's LISTEN socket lives until that
     * thread has left its poll, and a bind in between fails with "Address already in use". So wait for it.
     */
    @Override
    public void close() {
        Sockets.closeQuietly(server);
        if (thread != null && thread != Thread.currentThread()) {
            try {
                thread.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

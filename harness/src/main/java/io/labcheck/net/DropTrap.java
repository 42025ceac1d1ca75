package io.labcheck.net;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A listening socket whose accept queue is full, so Linux silently drops every further SYN and a client's
 * connect times out, as at a security group with no rule: a drop without root or a firewall. Nothing ever
 * accepts from it; the queue is filled with the trap's own dummy connections until one of them times out.
 */
final class DropTrap implements Closeable {
    /** Java substitutes 50 for a backlog below 1. Linux queues backlog + 1 connections, so 2 dummies. */
    static final int BACKLOG = 1;
    /** A queue that has not filled after this many connections never will (the kernel is not dropping). */
    private static final int MAX_DUMMIES = 64;

    private final ServerSocket server;
    private final List<Socket> dummies;
    private final Duration fillTime;

    private DropTrap(ServerSocket server, List<Socket> dummies, Duration fillTime) {
        this.server = server;
        this.dummies = dummies;
        this.fillTime = fillTime;
    }

    static DropTrap open(InetSocketAddress at, Duration fillTimeout) throws IOException {
        long start = System.nanoTime();
        ServerSocket server = new ServerSocket();
        List<Socket> dummies = new ArrayList<>();
        try {
            server.setReuseAddress(true);
            server.bind(at, BACKLOG);
            while (true) {
                if (dummies.size() >= MAX_DUMMIES) {
                    throw new IOException("the accept queue of " + at + " still took connections after "
                            + MAX_DUMMIES + ": this kernel does not drop SYNs on a full queue, so DROP cannot be"
                            + " imitated here (is net.ipv4.tcp_abort_on_overflow 1, or somaxconn unusual?)");
                }
                Socket dummy = new Socket();
                try {
                    dummy.connect(at, Sockets.millis(fillTimeout));
                    dummies.add(dummy);
                } catch (SocketTimeoutException full) {
                    Sockets.abort(dummy); // this SYN was dropped: the queue is full
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            release(server, dummies);
            throw e;
        }
        return new DropTrap(server, dummies, Duration.ofNanos(System.nanoTime() - start));
    }

    int dummies() {
        return dummies.size();
    }

    /** How long filling took: about one dummy-connect timeout, since the last dummy has to time out. */
    Duration fillTime() {
        return fillTime;
    }

    @Override
    public void close() {
        release(server, dummies);
    }

    private static void release(ServerSocket server, List<Socket> dummies) {
        Sockets.closeQuietly(server); // first: unaccepted connections die with it, the port is free at once
        dummies.forEach(Sockets::abort);
    }
}

package io.labcheck.net;

import java.io.Closeable;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The connections a gateway holds open, so close() can cut every one of them, even mid-traffic. */
final class LiveConnections {
    private final Set<Closeable> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** Registers a connection; once the gateway is closing, closes it instead and returns false. */
    boolean add(Closeable c) {
        open.add(c);
        if (closed) { // checked after adding: either this or closeAll() sees it, so it cannot slip through
            remove(c);
            Sockets.closeQuietly(c);
            return false;
        }
        return true;
    }

    void remove(Closeable c) {
        open.remove(c);
    }

    int size() {
        return open.size();
    }

    void closeAll() {
        closed = true;
        for (Closeable c : List.copyOf(open)) {
            Sockets.closeQuietly(c);
        }
        open.clear();
    }
}

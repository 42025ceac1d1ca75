package io.labcheck.net;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the gateway's daemon threads and remembers them, so close() can wait (bounded) until all ended. */
final class Workers {
    private static final Logger log = LoggerFactory.getLogger(Workers.class);

    private final Set<Thread> alive = ConcurrentHashMap.newKeySet();

    Thread start(String name, Runnable body) {
        Thread t = newThread(name, body);
        t.start();
        return t;
    }

    Thread newThread(String name, Runnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (RuntimeException | Error e) {
                log.warn("{} failed", Thread.currentThread().getName(), e);
            } finally {
                alive.remove(Thread.currentThread());
            }
        }, name);
        t.setDaemon(true);
        alive.add(t);
        return t;
    }

    /** Waits up to {@code bound} in all for every thread to end; returns the names of those still running. */
    List<String> awaitAll(Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        for (Thread t : List.copyOf(alive)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                t.join(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return alive.stream().filter(Thread::isAlive).map(Thread::getName).sorted().collect(Collectors.toList());
    }
}

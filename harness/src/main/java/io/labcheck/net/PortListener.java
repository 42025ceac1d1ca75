package io.labcheck.net;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One public port at one address: owns whatever socket makes it behave as its mode says. FORWARD is an
 * {@link Acceptor}, DROP a {@link DropTrap}, REFUSE no socket at all (so the kernel itself answers RST).
 * Established connections are not touched by a mode change, as a security-group change on AWS does not
 * cut tracked connections.
 */
final class PortListener implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(PortListener.class);

    private final InetAddress address;
    private final int port;
    private final GatewayContext ctx;
    private volatile PortMode mode = PortMode.REFUSE;
    private volatile DropTrap trap;
    private Acceptor acceptor;

    PortListener(InetAddress address, int port, GatewayContext ctx) {
        this.address = address;
        this.port = port;
        this.ctx = ctx;
    }

    PortMode mode() {
        return mode;
    }

    /** The trap while the port drops, for measurements. */
    Optional<DropTrap> trap() {
        return Optional.ofNullable(trap);
    }

    /** Makes the port behave as {@code wanted}. If that fails, nothing listens (REFUSE) and the cause is thrown. */
    void apply(PortMode wanted) throws IOException {
        if (wanted == mode) {
            return;
        }
        PortMode was = mode;
        release();
        mode = wanted; // published before the socket takes effect: whoever sees the new behaviour sees the mode
        try {
            switch (wanted) {
                case DROP -> {
                    trap = DropTrap.open(new InetSocketAddress(address, port), ctx.options().dropFillTimeout());
                    log.debug("{}: queue filled with {} dummies in {} ms", Sockets.threadName(address, port),
                            trap.dummies(), trap.fillTime().toMillis());
                }
                case FORWARD -> acceptor = Acceptor.start(address, port, ctx);
                case REFUSE -> { } // nothing listens: the kernel answers RST
            }
        } catch (IOException | RuntimeException e) {
            mode = PortMode.REFUSE; // nothing could be bound, so nothing listens
            throw e;
        }
        log.debug("{}: {} -> {}", Sockets.threadName(address, port), was, wanted);
    }

    private void release() {
        mode = PortMode.REFUSE;
        if (trap != null) {
            trap.close();
            trap = null;
        }
        if (acceptor != null) {
            acceptor.close();
            acceptor = null;
        }
    }

    @Override
    public void close() {
        release();
    }
}

package io.labcheck.cloud.embedded;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands out public IPv4 addresses from one /16, never twice in a run (EC2 gives a fresh address
 * after a stop/start or a release, so a reused one would hide bugs). The default range sits in
 * 127.0.0.0/8 so that every "public" address is a real, bindable address on this machine.
 *
 * <p>Two clouds on one machine (a test run and a CLI run, two worktrees) share that range: each address handed out
 * is held by a file lock under the temp directory for the life of the JVM, so another process skips it. The
 * kernel drops the lock when the process ends, however it ends.
 */
final class AddressPool {
    private final int base;
    // A random /24 to start from: two clouds on one machine (a test run and a CLI run) rarely collide.
    private final AtomicInteger next;
    private static final Path LOCKS = Path.of(System.getProperty("java.io.tmpdir"), "labcheck-public-addresses");
    // held, never released: an address is not handed out twice in a run anyway
    private static final List<FileLock> HELD = new CopyOnWriteArrayList<>();

    AddressPool(String slash16) {
        this(slash16, 1 + 256 * java.util.concurrent.ThreadLocalRandom.current().nextInt(200));
    }

    AddressPool(String slash16, int start) {
        this.next = new AtomicInteger(start);
        String[] cidr = slash16.split("/");
        if (cidr.length != 2 || !cidr[1].equals("16") || Cidr.parse(slash16).isEmpty()) {
            throw new IllegalArgumentException("public address range must be an IPv4 /16 such as 127.77.0.0/16, got '"
                    + slash16 + "'");
        }
        String[] o = cidr[0].split("\\.");
        this.base = (Integer.parseInt(o[0]) << 24) | (Integer.parseInt(o[1]) << 16);
    }

    String nextAddress() {
        while (true) {
            int n = next.getAndIncrement();
            if (n >= 65535) {
                throw new Ec2Error("AddressLimitExceeded", "The maximum number of addresses has been reached.");
            }
            int low = n & 0xff;
            if (low == 0 || low == 255) {
                continue; // skip network- and broadcast-looking addresses
            }
            int a = base | n;
            String address = ((a >>> 24) & 0xff) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff);
            if (claim(address)) {
                return address;
            }
        }
    }

    /** Whether this JVM now holds {@code address}: false when another process on this machine holds it. */
    private static boolean claim(String address) {
        try {
            Files.createDirectories(LOCKS);
            FileChannel channel = FileChannel.open(LOCKS.resolve(address), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // this JVM's other pool has it
            }
            if (lock == null) {
                channel.close();
                return false;
            }
            HELD.add(lock);
            return true;
        } catch (IOException e) {
            // no place for locks (read-only temp dir): hand it out unclaimed, as before; a clash shows at bind
            return true;
        }
    }
}

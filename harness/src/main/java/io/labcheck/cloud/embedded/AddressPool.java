package io.labcheck.cloud.embedded;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands out public IPv4 addresses from one /16, never twice in a run (EC2 gives a fresh address
 * after a stop/start or a release, so a reused one would hide bugs). The default range sits in
 * 127.0.0.0/8 so that every "public" address is a real, bindable address on this machine.
 */
final class AddressPool {
    private final int base;
    // A random /24 to start from: two clouds on one machine (a test run and a CLI run) rarely collide.
    private final AtomicInteger next = new AtomicInteger(1 + 256 * java.util.concurrent.ThreadLocalRandom.current().nextInt(200));

    AddressPool(String slash16) {
        String[] cidr = slash16.split("/");
        if (cidr.length != 2 || !cidr[1].equals("16") || !Permission.validIpv4Cidr(slash16)) {
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
            return ((a >>> 24) & 0xff) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff);
        }
    }
}

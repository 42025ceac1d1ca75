package io.labcheck.cloud.embedded;

import java.net.InetAddress;
import java.util.Optional;

/** An IPv4 CIDR block ({@code 10.0.1.0/24}), as VPCs, subnets and routes hold them. */
public record Cidr(int network, int prefix) {

    public Cidr {
        network &= mask(prefix);
    }

    /** The block, when {@code text} is a dotted quad and a prefix of 0 to 32; host bits are cleared. */
    public static Optional<Cidr> parse(String text) {
        if (text == null || !valid(text)) {
            return Optional.empty();
        }
        int slash = text.indexOf('/');
        return Optional.of(new Cidr(toInt(text.substring(0, slash)), Integer.parseInt(text.substring(slash + 1))));
    }

    /** Parses a block given as {@code parameter}, or answers EC2's error for a value that is not one. */
    static Cidr required(String text, String parameter) {
        return parse(text).orElseThrow(() -> new Ec2Error("InvalidParameterValue",
                "Value (" + text + ") for parameter " + parameter + " is invalid. This is not a valid CIDR block."));
    }

    public boolean contains(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length != 4) {
            return false;
        }
        int a = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        return (a & mask(prefix)) == network;
    }

    boolean contains(Cidr other) {
        return other.prefix >= prefix && (other.network & mask(prefix)) == network;
    }

    boolean overlaps(Cidr other) {
        return contains(other) || other.contains(this);
    }

    long size() {
        return 1L << (32 - prefix);
    }

    /** The address {@code offset} places into the block, as text. */
    String address(long offset) {
        if (offset < 0 || offset >= size()) {
            throw new IllegalArgumentException(offset + " is outside " + this);
        }
        return dotted(network + (int) offset);
    }

    /** Validates an IPv4 CIDR the way EC2 does (dotted quad, prefix 0..32). */
    private static boolean valid(String cidr) {
        String[] parts = cidr.split("/", -1);
        if (parts.length != 2) {
            return false;
        }
        String[] octets = parts[0].split("\\.", -1);
        if (octets.length != 4) {
            return false;
        }
        try {
            for (String o : octets) {
                int v = Integer.parseInt(o);
                if (v < 0 || v > 255 || o.isEmpty()) {
                    return false;
                }
            }
            int prefix = Integer.parseInt(parts[1]);
            return prefix >= 0 && prefix <= 32;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    private static int toInt(String dotted) {
        int v = 0;
        for (String octet : dotted.split("\\.")) {
            v = (v << 8) | Integer.parseInt(octet);
        }
        return v;
    }

    private static String dotted(int v) {
        return ((v >>> 24) & 0xff) + "." + ((v >>> 16) & 0xff) + "." + ((v >>> 8) & 0xff) + "." + (v & 0xff);
    }

    @Override
    public String toString() {
        return dotted(network) + "/" + prefix;
    }
}

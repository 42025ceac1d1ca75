package io.labcheck.cloud.embedded;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * One ingress rule as EC2 keeps it: a protocol, a port range and one source (a CIDR or a group).
 * {@code protocol} is "tcp", "udp", "icmp" or "-1" (all traffic, ports ignored).
 */
record Permission(String ruleId, String protocol, Integer fromPort, Integer toPort, String cidr,
                  String sourceGroupId, String description) {

    /** Same rule for EC2's duplicate check: everything but the id and the description. */
    boolean sameRuleAs(Permission other) {
        return protocol.equals(other.protocol)
                && java.util.Objects.equals(fromPort, other.fromPort)
                && java.util.Objects.equals(toPort, other.toPort)
                && java.util.Objects.equals(cidr, other.cidr)
                && java.util.Objects.equals(sourceGroupId, other.sourceGroupId);
    }

    /** Whether this rule lets {@code source} reach {@code port} over {@code proto} (tcp/udp). */
    boolean allows(String proto, int port, InetAddress source) {
        if (!protocol.equals("-1")) {
            if (!protocol.equals(proto)) {
                return false;
            }
            if (fromPort != null && toPort != null && fromPort != -1 && (port < fromPort || port > toPort)) {
                return false;
            }
        }
        return cidr != null && cidrContains(cidr, source);
    }

    /** How EC2 names a rule in its InvalidPermission.Duplicate message. */
    String describeForError() {
        String peer = cidr != null ? cidr : sourceGroupId;
        if (protocol.equals("-1")) {
            return "peer: " + peer + ", ALL, ALLOW";
        }
        return "peer: " + peer + ", " + protocol.toUpperCase(java.util.Locale.ROOT) + ", from port: " + fromPort
                + ", to port: " + toPort + ", ALLOW";
    }

    static boolean cidrContains(String cidr, InetAddress address) {
        int slash = cidr.indexOf('/');
        try {
            byte[] net = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
            byte[] addr = address.getAddress();
            if (net.length != addr.length) {
                return false;
            }
            int bits = Integer.parseInt(cidr.substring(slash + 1));
            for (int i = 0; i < net.length && bits > 0; i++, bits -= 8) {
                int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
                if ((net[i] & mask) != (addr[i] & mask)) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException | RuntimeException e) {
            return false;
        }
    }

    /** Validates an IPv4 CIDR the way EC2 does (dotted quad, prefix 0..32). */
    static boolean validIpv4Cidr(String cidr) {
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
}

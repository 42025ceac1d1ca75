package io.labcheck.cloud.embedded;

import java.net.InetAddress;

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
        return cidr != null && Cidr.parse(cidr).map(c -> c.contains(source)).orElse(false);
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
}

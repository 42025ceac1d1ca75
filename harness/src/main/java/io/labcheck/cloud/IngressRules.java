package io.labcheck.cloud;

import software.amazon.awssdk.services.ec2.model.IpPermission;

/** Reading security-group rules as the API returns them, the way EC2 applies them to a TCP connection. */
public final class IngressRules {

    /** Whether {@code rule} lets a TCP connection from some IPv4 range reach {@code port}: all traffic, or a TCP range. */
    public static boolean admits(IpPermission rule, int port) {
        boolean protocol = rule.ipProtocol().equals("-1") || (rule.ipProtocol().equals("tcp") && rule.fromPort() != null
                && rule.toPort() != null && rule.fromPort() <= port && port <= rule.toPort());
        return protocol && !rule.ipRanges().isEmpty();
    }

    private IngressRules() {}
}

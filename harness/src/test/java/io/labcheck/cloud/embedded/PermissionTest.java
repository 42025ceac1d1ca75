package io.labcheck.cloud.embedded;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The security-group evaluation the gateway relies on: ports, protocols, CIDRs, all traffic. */
class PermissionTest {
    private static InetAddress ip(String s) throws UnknownHostException {
        return InetAddress.getByName(s);
    }

    @Test
    void aTcpRuleCoversItsPortRangeFromItsCidrOnly() throws UnknownHostException {
        Permission ssh = new Permission("sgr-1", "tcp", 22, 22, "203.0.113.0/24", null, null);
        assertTrue(ssh.allows("tcp", 22, ip("203.0.113.9")));
        assertFalse(ssh.allows("tcp", 22, ip("203.0.114.9")), "outside the CIDR");
        assertFalse(ssh.allows("tcp", 23, ip("203.0.113.9")), "outside the port range");
        assertFalse(ssh.allows("udp", 22, ip("203.0.113.9")), "another protocol");
        Permission range = new Permission("sgr-2", "tcp", 8000, 8100, "0.0.0.0/0", null, null);
        assertTrue(range.allows("tcp", 8050, ip("127.0.0.1")));
        assertFalse(range.allows("tcp", 8101, ip("127.0.0.1")));
    }

    @Test
    void allTrafficCoversEveryPortAndProtocol() throws UnknownHostException {
        Permission all = new Permission("sgr-3", "-1", null, null, "0.0.0.0/0", null, null);
        assertTrue(all.allows("tcp", 8000, ip("127.0.0.1")));
        assertTrue(all.allows("udp", 53, ip("10.1.2.3")));
    }

    @Test
    void aGroupReferenceIsNotACidr() throws UnknownHostException {
        Permission self = new Permission("sgr-4", "-1", null, null, null, "sg-0123456789abcdef0", null);
        assertFalse(self.allows("tcp", 22, ip("127.0.0.1")), "the default group admits only its members");
    }

    @Test
    void cidrsAreValidatedAsEc2Does() {
        assertTrue(Cidr.parse("0.0.0.0/0").isPresent());
        assertTrue(Cidr.parse("203.0.113.5/32").isPresent());
        assertFalse(Cidr.parse("203.0.113.5").isPresent());
        assertFalse(Cidr.parse("256.0.0.0/8").isPresent());
        assertFalse(Cidr.parse("10.0.0.0/33").isPresent());
    }
}

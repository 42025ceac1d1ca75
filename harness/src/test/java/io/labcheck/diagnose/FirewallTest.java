package io.labcheck.diagnose;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code ufw status verbose} says about a port, as Debian's and Ubuntu's ufw print it. */
class FirewallTest {
    private static final String HEAD = "Status: active\nLogging: on (low)\nDefault: %s (incoming), allow (outgoing),"
            + " deny (routed)\nNew profiles: skip\n\nTo                         Action      From\n"
            + "--                         ------      ----\n";

    private static Firewall active(String incoming, String... rules) {
        return Firewall.read(String.format(HEAD, incoming) + String.join("\n", rules));
    }

    @Test
    void offOrAbsentKeepsNothingOut() {
        assertThat(Firewall.read("Status: inactive").blocks(80)).contains(false);
        assertThat(Firewall.read("Status: inactive").state()).isEqualTo(Firewall.State.INACTIVE);
        assertThat(Firewall.read("labcheck: no ufw on the server\n").state()).isEqualTo(Firewall.State.NO_UFW);
        assertThat(Firewall.read("labcheck: no ufw on the server").blocks(22)).contains(false);
    }

    @Test
    void whatCannotBeReadSaysNothing() {
        Firewall f = Firewall.read("sudo: a password is required");
        assertThat(f.state()).isEqualTo(Firewall.State.UNREADABLE);
        assertThat(f.shown()).isEqualTo("sudo: a password is required");
        assertThat(f.blocks(80)).isEmpty();
        assertThat(Firewall.read("").shown()).isEqualTo("(nothing printed)");
        assertThat(Firewall.read("ERROR: problem running iptables: Permission denied\nENABLED=yes").state())
                .as("on by its setting, its status unreadable").isEqualTo(Firewall.State.UNREADABLE);
    }

    @Test
    void whereItsStatusCannotRunItsSettingOffSaysOff() {
        Firewall f = Firewall.read("ERROR: problem running iptables: iptables v1.8.9 (nf_tables): Could not fetch rule set"
                + " generation id: Permission denied (you must be root)\nENABLED=no\n");
        assertThat(f.state()).isEqualTo(Firewall.State.INACTIVE);
        assertThat(f.blocks(8000)).contains(false);
        assertThat(f.shown()).isEqualTo("off (ENABLED=no in /etc/ufw/ufw.conf; ufw status: ERROR: problem running iptables:"
                + " iptables v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root))");
        assertThat(Firewall.read("Status: inactive\nENABLED=no").shown()).isEqualTo("Status: inactive");
        assertThat(Firewall.read("Status: inactive (ENABLED=no in /etc/ufw/ufw.conf)\nENABLED=no").state())
                .as("a login user's look where the setting says off").isEqualTo(Firewall.State.INACTIVE);
    }

    @Test
    void theFirstRuleForThePortDecidesElseTheDefault() {
        Firewall f = active("deny", "22/tcp                     ALLOW IN    Anywhere",
                "80,443/tcp                 ALLOW IN    Anywhere", "8000:8010/tcp              DENY IN     Anywhere",
                "9000                       REJECT IN   Anywhere", "5353/udp                   ALLOW IN    Anywhere",
                "22/tcp (v6)                ALLOW IN    Anywhere (v6)");
        assertThat(f.rules()).hasSize(5);
        assertThat(f.blocks(22)).contains(false);
        assertThat(f.blocks(80)).contains(false);
        assertThat(f.blocks(443)).contains(false);
        assertThat(f.blocks(8005)).contains(true);
        assertThat(f.blocks(9000)).contains(true);
        assertThat(f.blocks(5353)).as("a UDP rule is not for TCP: the default").contains(true);
        assertThat(f.blocks(3000)).as("no rule: the default").contains(true);
        assertThat(f.rejects()).isFalse();
        assertThat(f.shown()).isEqualTo("Status: active, default deny (incoming), rules: 22/tcp ALLOW from Anywhere;"
                + " 80,443/tcp ALLOW from Anywhere; 8000:8010/tcp DENY from Anywhere; 9000 REJECT from Anywhere;"
                + " 5353/udp ALLOW from Anywhere");
        assertThat(active("allow").blocks(3000)).as("default allow").contains(false);
        assertThat(active("reject").rejects()).isTrue();
    }

    @Test
    void profilesOfUbuntusPackagesAreKnownOthersAreNot() {
        Firewall f = active("deny", "OpenSSH                    ALLOW IN    Anywhere",
                "Nginx Full                 ALLOW IN    Anywhere");
        assertThat(f.blocks(22)).contains(false);
        assertThat(f.blocks(443)).contains(false);
        assertThat(f.blocks(8000)).contains(true);
        assertThat(active("deny", "My App                     ALLOW IN    Anywhere").blocks(8000))
                .as("a profile whose ports are not known here").isEmpty();
    }

    @Test
    void aRuleForSomeSourcesOnlyLeavesItOpen() {
        Firewall f = active("deny", "22/tcp                     ALLOW IN    203.0.113.0/24");
        assertThat(f.blocks(22)).isEmpty();
        assertThat(f.blocks(80)).contains(true);
        assertThat(active("deny", "Anywhere                   ALLOW IN    Anywhere").blocks(8000)).contains(false);
    }
}

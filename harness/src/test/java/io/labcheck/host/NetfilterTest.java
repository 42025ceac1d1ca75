package io.labcheck.host;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Whether a filter table, as {@code iptables -S} prints it, can keep an incoming connection out. */
class NetfilterTest {

    @Test
    void aFreshInstanceOrOneWithOnlyAContainerEnginesRulesLetsEverythingIn() {
        assertThat(Netfilter.filtersIncoming("-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n")).isFalse();
        assertThat(Netfilter.filtersIncoming("""
                -P INPUT ACCEPT
                -P FORWARD DROP
                -P OUTPUT ACCEPT
                -N DOCKER
                -N DOCKER-ISOLATION-STAGE-1
                -A FORWARD -j DOCKER-ISOLATION-STAGE-1
                -A FORWARD -o docker0 -j DOCKER
                -A DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DROP
                """)).as("the engine drops in FORWARD, never in INPUT").isFalse();
    }

    @Test
    void ufwOnDropsByPolicyAndUfwOffLeavesEmptyChains() {
        assertThat(Netfilter.filtersIncoming("""
                -P INPUT DROP
                -P FORWARD DROP
                -P OUTPUT ACCEPT
                -N ufw-before-input
                -A INPUT -j ufw-before-input
                -A ufw-before-input -i lo -j ACCEPT
                """)).isTrue();
        assertThat(Netfilter.filtersIncoming("""
                -P INPUT ACCEPT
                -P FORWARD ACCEPT
                -P OUTPUT ACCEPT
                -N ufw-before-input
                -N ufw-user-input
                -A INPUT -j ufw-before-input
                """)).as("ufw disable: its chains are kept, emptied").isFalse();
    }

    @Test
    void aDropOrRejectReachedThroughJumpsCounts() {
        assertThat(Netfilter.filtersIncoming("""
                -P INPUT ACCEPT
                -N a
                -N b
                -A INPUT -j a
                -A a -p tcp -j b
                -A b -p tcp -m tcp --dport 8000 -j REJECT --reject-with tcp-reset
                """)).isTrue();
        assertThat(Netfilter.filtersIncoming("""
                -P INPUT ACCEPT
                -N unused
                -A unused -j DROP
                """)).as("a chain INPUT never jumps to").isFalse();
    }
}

package io.labcheck.diagnose;

/** What a TCP connect from the student's machine met, told apart within a short bound. */
public enum Reach {
    /** The connection was accepted. */
    OPEN,
    /** Refused at once (RST): the address answers, nothing listens there for us. */
    REFUSED,
    /** No answer within the bound: dropped by a firewall, or nobody at the address. */
    TIMEOUT,
    /** There was no address to try (a stopped instance has no public IP). */
    NO_ADDRESS
}

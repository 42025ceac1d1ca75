package io.labcheck.net;

/** How one public port of an instance behaves from outside, as it would on AWS. */
public enum PortMode {
    /** Connections reach the instance's port: the security group allows them and something listens there. */
    FORWARD,
    /**
     * SYNs vanish and the client's connect times out: no security-group rule allows the port, the instance
     * is not running, or its address does not answer at all.
     */
    DROP,
    /**
     * The kernel answers RST ("Connection refused", curl exit 7): allowed, but nothing listens on the
     * instance's own address at that port (the app is stopped, or bound to 127.0.0.1 inside).
     */
    REFUSE
}

package io.labcheck.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

/** The connect-time check an accepted connection asks the gateway for. */
interface Admission {

    /** The backend to connect to, or empty when the cloud does not allow this connection now. */
    Optional<InetSocketAddress> route(int port, InetAddress from);

    /** What a connection met disagrees with its port's mode: re-read the policy and re-probe soon. */
    void reconsider();
}

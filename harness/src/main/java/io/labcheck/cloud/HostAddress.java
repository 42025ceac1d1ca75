package io.labcheck.cloud;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The cloud's API knows instances by address: a name a student gives ({@code --host web.example}) is resolved first. */
public final class HostAddress {
    /** {@code host}'s address, or {@code host} itself when it does not resolve (the lookup then finds nothing, saying so). */
    public static String of(String host) {
        try {
            return InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException e) {
            return host;
        }
    }

    private HostAddress() {}
}

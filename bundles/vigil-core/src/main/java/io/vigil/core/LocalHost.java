package io.vigil.core;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** This machine's name, as events ({@code mozdefhostname}) and cluster leases name it. */
public final class LocalHost {

    private LocalHost() {
    }

    /** The local host name, or {@code vigil} when the machine has none it can resolve. */
    public static String name() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "vigil";
        }
    }
}

package io.vigil.rest;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The address a request comes from, as failed sign-ins are counted by: the connection's peer, unless the peer is a
 * proxy the configuration trusts (a load balancer in front), then the last address of {@code X-Forwarded-For} that is
 * not a trusted proxy's. A header from anyone else is ignored: a client could otherwise name a new address with each
 * guess.
 */
final class ClientAddress {

    private ClientAddress() {
    }

    /** Whether a connection's peer is a proxy whose forwarding headers are believed. */
    static boolean trusted(String peer, Set<String> proxies) {
        return proxies.contains(peer);
    }

    static Set<String> proxies(String configured) {
        return Stream.of(configured.split(",")).map(String::strip).filter(proxy -> !proxy.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    static String of(String peer, String forwardedFor, Set<String> proxies) {
        if (!trusted(peer, proxies) || forwardedFor == null || forwardedFor.isBlank()) {
            return peer;
        }
        List<String> hops = Stream.of(forwardedFor.split(",")).map(String::strip).filter(hop -> !hop.isEmpty()).toList();
        for (int i = hops.size() - 1; i >= 0; i--) {
            if (!proxies.contains(hops.get(i))) {
                return hops.get(i);
            }
        }
        return peer;
    }
}

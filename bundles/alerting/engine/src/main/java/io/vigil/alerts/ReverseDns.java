package io.vigil.alerts;

import io.vigil.support.IpAddresses;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reverse DNS through the system resolver, its answers (names and their absence) remembered for ten minutes, so an
 * aggregated rule that names the same scanner every minute asks once, and a resolver that times out does not slow
 * every run.
 */
final class ReverseDns implements HostNames {

    private static final int REMEMBERED = 4096;
    private static final long KEPT = Duration.ofMinutes(10).toNanos();

    private record Known(Optional<String> name, long at) {
    }

    private final Map<String, Known> known = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
            return size() > REMEMBERED;
        }
    };

    @Override
    public Optional<String> of(String address) {
        if (address == null || !(IpAddresses.isIpv4(address) || IpAddresses.isIpv6(address))) {
            return Optional.empty();
        }
        synchronized (known) {
            Known found = known.get(address);
            if (found != null && System.nanoTime() - found.at() < KEPT) {
                return found.name();
            }
        }
        Optional<String> name = lookUp(address);
        synchronized (known) {
            known.put(address, new Known(name, System.nanoTime()));
        }
        return name;
    }

    private static Optional<String> lookUp(String address) {
        try {
            String name = InetAddress.getByName(address).getCanonicalHostName();
            // The JDK answers the address itself when it finds no name.
            return IpAddresses.isIpv4(name) || IpAddresses.isIpv6(name) ? Optional.empty() : Optional.of(name);
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}

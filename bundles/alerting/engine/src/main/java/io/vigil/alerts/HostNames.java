package io.vigil.alerts;

import java.util.Optional;

/**
 * The name reverse DNS gives an address (MozDef's {@code hostname_from_ip}), for summaries such as "Port scan from
 * 10.1.2.3 (build7.example.com)". Not an address, or no name: empty.
 */
@FunctionalInterface
public interface HostNames {

    Optional<String> of(String address);

    /** MozDef's {@code add_hostname_to_ip(ip, '{0} ({1})', require_internal=False)}. */
    default String withName(String address) {
        return of(address).map(name -> address + " (" + name + ")").orElse(address);
    }

    /** The system resolver's answers, remembered for a while ({@link ReverseDns}). */
    static HostNames dns() {
        return new ReverseDns();
    }
}

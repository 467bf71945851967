package io.vigil.blocklist;

import io.vigil.support.IpNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** What may be blocked, in canonical form; refusals say why. */
final class BlockRules {

    /**
     * Never blocked (RFC 6890 special-purpose blocks a firewall has no business dropping on an alert's word): this
     * host, private and shared (CGNAT) space, loopback, link-local, multicast, reserved and unique-local.
     */
    private static final List<IpNetwork> SPECIAL = List.of("0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
            "172.16.0.0/12", "192.168.0.0/16", "224.0.0.0/4", "240.0.0.0/4", "::/128", "::1/128", "fc00::/7", "fe80::/10", "ff00::/8")
            .stream().map(IpNetwork::parse).toList();
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    /** Narrower than these blocks no one; wider blocks whole providers. */
    private static final int WIDEST_IPV4 = 8;
    private static final int WIDEST_IPV6 = 32;

    private final List<IpNetwork> allowedNetworks = new ArrayList<>();
    private final List<String> allowedDomains = new ArrayList<>();

    /** @param allowNetworks networks never blocked besides the special ones; @param allowDomains domains, with their subdomains */
    BlockRules(List<String> allowNetworks, List<String> allowDomains) {
        for (String network : allowNetworks) {
            if (!network.isBlank()) {
                allowedNetworks.add(IpNetwork.parse(network.trim()));
            }
        }
        for (String domain : allowDomains) {
            if (!domain.isBlank()) {
                allowedDomains.add(domain(domain));
            }
        }
    }

    String canonical(Blocklist.Kind kind, String value) {
        return kind == Blocklist.Kind.IP ? address(value) : permittedDomain(value);
    }

    private String address(String value) {
        IpNetwork network;
        try {
            network = IpNetwork.parse(value == null ? "" : value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + value + "' is not an IP address or network");
        }
        String canonical = network.toString();
        int slash = canonical.indexOf('/');
        if (slash > 0 && Integer.parseInt(canonical.substring(slash + 1)) < (canonical.contains(":") ? WIDEST_IPV6 : WIDEST_IPV4)) {
            throw new IllegalArgumentException(canonical + " is wider than a /" + WIDEST_IPV4 + " (IPv4) or /" + WIDEST_IPV6 + " (IPv6)");
        }
        for (IpNetwork special : SPECIAL) {
            if (special.overlaps(network)) {
                throw new IllegalArgumentException(canonical + " is in " + special + ", private or reserved address space");
            }
        }
        for (IpNetwork allowed : allowedNetworks) {
            if (allowed.overlaps(network)) {
                throw new IllegalArgumentException(canonical + " is in " + allowed + ", which the allow list protects");
            }
        }
        return canonical;
    }

    private String permittedDomain(String value) {
        String domain = domain(value);
        for (String allowed : allowedDomains) {
            if (domain.equals(allowed) || domain.endsWith("." + allowed) || allowed.endsWith("." + domain)) {
                throw new IllegalArgumentException(domain + " is or holds " + allowed + ", which the allow list protects");
            }
        }
        return domain;
    }

    /** Lower case, without the root's trailing dot; at least two labels (no blocking a whole top-level domain). */
    private static String domain(String value) {
        String domain = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (domain.endsWith(".")) {
            domain = domain.substring(0, domain.length() - 1);
        }
        String[] labels = domain.split("\\.", -1);
        boolean valid = domain.length() <= 253 && labels.length >= 2 && !labels[labels.length - 1].matches("\\d+");
        for (String label : labels) {
            valid &= LABEL.matcher(label).matches();
        }
        if (!valid) {
            throw new IllegalArgumentException("'" + value + "' is not a fully qualified domain name");
        }
        return domain;
    }
}

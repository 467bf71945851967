package io.vigil.blocklist;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The IP and FQDN block lists (MozDef's {@code ipblocklist} and {@code fqdnblocklist}), kept in Elasticsearch: what
 * is blocked, until when, by whom and why. Expired entries leave the published lists by themselves.
 */
@ProviderType
public interface Blocklist {

    enum Kind {
        IP, FQDN
    }

    /**
     * One blocked address or network ({@code 203.0.113.7}, {@code 198.51.100.0/24}) or domain name, in canonical form.
     */
    record Entry(Kind kind, String value, Instant added, Instant expires, String creator, String reference, String comment) {
    }

    /**
     * Blocks {@code value} for {@code duration} from now; blocking what is already blocked moves its expiry to the
     * later of the two and keeps when it was first added.
     *
     * @throws IllegalArgumentException with the reason when it may not be blocked: not an address, network or domain
     *     name; a private, loopback, link-local, multicast or reserved address (blocking one cuts off your own network);
     *     one that the configured allow list protects; a duration not above zero
     */
    Entry block(Kind kind, String value, Duration duration, String creator, String reference, String comment) throws IOException;

    /** Unblocks it at once; whether it was blocked. */
    boolean unblock(Kind kind, String value) throws IOException;

    /** What is blocked now, by value. */
    List<Entry> active(Kind kind) throws IOException;
}

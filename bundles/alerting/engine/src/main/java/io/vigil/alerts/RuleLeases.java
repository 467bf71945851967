package io.vigil.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * Leases that let one container of several run a rule (ARCHITECTURE: work once per cluster): a document per rule in
 * Elasticsearch, created with {@code op_type=create} or taken over only when it expired or is ours, both guarded by
 * sequence numbers, so two containers never both hold it; a container that dies lets its leases lapse.
 */
public final class RuleLeases {

    private final AlertIndex elasticsearch;
    private final String index;
    private final String owner;
    private final Clock clock;

    public RuleLeases(AlertIndex elasticsearch, String index, String owner, Clock clock) {
        this.elasticsearch = elasticsearch;
        this.index = index;
        this.owner = owner;
        this.clock = clock;
    }

    /** Takes or renews the lease of {@code rule} for {@code duration}; @return whether this container holds it now. */
    public boolean acquire(String rule, Duration duration) throws IOException, InterruptedException {
        Instant now = clock.instant();
        ObjectNode lease = JsonNodeFactory.instance.objectNode().put("rule", rule).put("owner", owner)
                .put("expires", DateTimeFormatter.ISO_INSTANT.format(now.plus(duration)));
        JsonNode current = elasticsearch.versioned(index, rule);
        if (current == null) {
            return elasticsearch.writeIfUnchanged(index, rule, lease, -1, 0);
        }
        JsonNode source = current.path("_source");
        boolean ours = owner.equals(source.path("owner").asText());
        boolean lapsed = !source.hasNonNull("expires") || !Instant.parse(source.path("expires").asText()).isAfter(now);
        if (!ours && !lapsed) {
            return false;
        }
        return elasticsearch.writeIfUnchanged(index, rule, lease, current.path("_seq_no").asLong(), current.path("_primary_term").asLong());
    }
}

package io.vigil.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.elasticsearch.layout.IndexNames;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hand-off of stored alerts to the alert actions, kept in Elasticsearch so that it outlives the container: each
 * alert published leaves a marker in {@value IndexNames#ACTIONS_PENDING_INDEX}, which the actions remove once they
 * have dealt with the alert. A marker older than {@code resend} — its container was killed before the actions ran, or
 * the alert never reached them — is published again, by one container of several (each takes the marker under
 * optimistic concurrency before it publishes), at most {@value #MAX_RESENDS} times. Actions are thus run at least once.
 */
final class ActionHandOff {

    static final int MAX_RESENDS = 3;
    private static final int BATCH = 100;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Logger LOG = LoggerFactory.getLogger(ActionHandOff.class);

    private final AlertIndex elasticsearch;
    private final Duration resend;
    private final Clock clock;

    ActionHandOff(AlertIndex elasticsearch, Duration resend, Clock clock) {
        this.elasticsearch = elasticsearch;
        this.resend = resend;
        this.clock = clock;
    }

    /** The alert {@code id} of {@code index} is on its way to the actions. */
    void handingOver(String index, String id) throws IOException {
        elasticsearch.prepareState(IndexNames.ACTIONS_PENDING_INDEX);
        elasticsearch.put(IndexNames.ACTIONS_PENDING_INDEX, id, marker(index, 0));
    }

    /** Publishes again, through {@code publish}, the alerts whose markers are overdue and this container takes. */
    void resendOverdue(Consumer<ObjectNode> publish) throws IOException {
        ObjectNode search = NODES.objectNode().put("size", BATCH).put("seq_no_primary_term", true);
        search.putObject("query").putObject("range").putObject("since").put("lt", clock.instant().minus(resend).toEpochMilli());
        search.putArray("sort").addObject().putObject("since").put("order", "asc");
        for (JsonNode hit : elasticsearch.search(List.of(IndexNames.ACTIONS_PENDING_INDEX), search).path("hits").path("hits")) {
            String id = hit.path("_id").asText();
            JsonNode marker = hit.path("_source");
            int resends = marker.path("resends").asInt();
            String index = marker.path("index").asText();
            JsonNode alert = elasticsearch.get(index, id);
            if (alert == null || resends >= MAX_RESENDS) {
                LOG.warn("Alert {} ({}) left to the actions {}: not handed over again", id, index,
                        alert == null ? "is not stored any more" : "was handed over " + (resends + 1) + " times and never dealt with");
                elasticsearch.delete(IndexNames.ACTIONS_PENDING_INDEX, id);
                continue;
            }
            if (elasticsearch.writeIfUnchanged(IndexNames.ACTIONS_PENDING_INDEX, id, marker(index, resends + 1), hit.path("_seq_no").asLong(),
                    hit.path("_primary_term").asLong())) {
                LOG.info("Alert {} ({}) handed to the actions again: not dealt with within {} s", id, index, resend.toSeconds());
                ObjectNode full = NODES.objectNode().put("_id", id).put("_index", index);
                full.set("_source", alert);
                publish.accept(full);
            }
        }
    }

    private ObjectNode marker(String index, int resends) {
        // Epoch milliseconds: compared as numbers, whatever the precision of the clock.
        return NODES.objectNode().put("index", index).put("since", clock.millis()).put("resends", resends);
    }
}

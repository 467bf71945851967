package io.vigil.sigma;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.elasticsearch.Answer;
import io.vigil.elasticsearch.Elasticsearch;
import io.vigil.elasticsearch.ElasticsearchException;
import io.vigil.sigma.rules.SigmaRules;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The switches administrators set on rules, one document in Elasticsearch beside the checkpoint, so that every
 * container of a cluster runs the same rules. Changed under optimistic concurrency: two administrators switching at
 * once both get their switch.
 */
final class SwitchStore {

    private static final String ID = "switches";
    private static final int TRIES = 5;

    private record Read(List<SigmaRules.Switch> switches, long seqNo, long primaryTerm) {
    }

    private final Elasticsearch elasticsearch;

    SwitchStore(Elasticsearch elasticsearch) {
        this.elasticsearch = elasticsearch;
    }

    List<SigmaRules.Switch> read() throws IOException {
        return fetch().switches();
    }

    /** Sets the switch of {@code target}, or removes it ({@code enabled} null); a switch set again moves to the end. */
    void turn(String target, Boolean enabled, String by, String reason, Instant at) throws IOException {
        Checkpoint.prepare(elasticsearch);
        for (int attempt = 1; ; attempt++) {
            Read current = fetch();
            List<SigmaRules.Switch> next = new ArrayList<>(current.switches());
            next.removeIf(item -> item.target().equals(target));
            if (enabled != null) {
                next.add(new SigmaRules.Switch(target, enabled, by, at, reason));
            }
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            ArrayNode list = body.putArray("switches");
            next.forEach(item -> list.addObject().put("target", item.target()).put("enabled", item.enabled()).put("by", item.by())
                    .put("at", item.at().toString()).put("reason", item.reason()));
            String path = Elasticsearch.path(Checkpoint.INDEX, "_doc", ID) + (current.seqNo() < 0 ? "?op_type=create"
                    : "?if_seq_no=" + current.seqNo() + "&if_primary_term=" + current.primaryTerm()) + "&refresh=true";
            Answer answer = elasticsearch.send("PUT", path, body);
            if (answer.ok()) {
                return;
            }
            if (answer.status() != 409 || attempt == TRIES) {
                throw new ElasticsearchException("PUT " + path, answer);
            }
        }
    }

    private Read fetch() throws IOException {
        Answer answer = elasticsearch.send("GET", Elasticsearch.path(Checkpoint.INDEX, "_doc", ID), null);
        if (answer.status() == 404) {
            return new Read(List.of(), -1, -1);
        }
        if (!answer.ok()) {
            throw new ElasticsearchException("GET " + Checkpoint.INDEX + "/_doc/" + ID, answer);
        }
        JsonNode doc = answer.json();
        List<SigmaRules.Switch> switches = new ArrayList<>();
        for (JsonNode item : doc.path("_source").path("switches")) {
            switches.add(new SigmaRules.Switch(item.path("target").asText(), item.path("enabled").asBoolean(), item.path("by").asText(),
                    Instant.parse(item.path("at").asText()), item.path("reason").asText()));
        }
        return new Read(List.copyOf(switches), doc.path("_seq_no").asLong(), doc.path("_primary_term").asLong());
    }
}

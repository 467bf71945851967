package io.vigil.sigma;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.elasticsearch.Answer;
import io.vigil.elasticsearch.Elasticsearch;
import io.vigil.elasticsearch.ElasticsearchException;
import java.io.IOException;
import java.time.Instant;

/**
 * Where streaming detection stands, kept in Elasticsearch so that a restart, on this container or another, resumes
 * there: every event received before the checkpoint has been checked.
 */
final class Checkpoint {

    static final String INDEX = "vigil-sigma-state";
    private static final String ID = "checkpoint";
    private static final String FIELD = "checkedBefore";

    private final Elasticsearch elasticsearch;
    private boolean prepared;

    Checkpoint(Elasticsearch elasticsearch) {
        this.elasticsearch = elasticsearch;
    }

    /** @return the checkpoint, or {@code null} before the first one */
    Instant read() throws IOException {
        Answer answer = elasticsearch.send("GET", Elasticsearch.path(INDEX, "_doc", ID), null);
        if (answer.status() == 404) {
            return null;
        }
        if (!answer.ok()) {
            throw new ElasticsearchException("GET " + INDEX + "/_doc/" + ID, answer);
        }
        JsonNode value = answer.json().path("_source").path(FIELD);
        return value.isTextual() ? Instant.parse(value.textValue()) : null;
    }

    /** The settings of the engine's small indices: one shard, a replica where the cluster has a node for it (none on one node: green). */
    static ObjectNode settings() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putObject("settings").put("number_of_shards", 1).put("auto_expand_replicas", "0-1");
        return body;
    }

    /** Makes the index of the checkpoint and the rules' switches unless it exists. */
    static void prepare(Elasticsearch elasticsearch) throws IOException {
        ObjectNode body = settings();
        body.putObject("mappings").put("dynamic", false).putObject("properties").putObject(FIELD).put("type", "date");
        elasticsearch.ensureIndex(INDEX, body);
    }

    void write(Instant checkedBefore) throws IOException {
        if (!prepared) {
            prepare(elasticsearch);
            prepared = true;
        }
        elasticsearch.ok("PUT", Elasticsearch.path(INDEX, "_doc", ID), JsonNodeFactory.instance.objectNode().put(FIELD, checkedBefore.toString()));
    }
}

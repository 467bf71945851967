package io.vigil.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.elasticsearch.Answer;
import io.vigil.elasticsearch.Elasticsearch;
import io.vigil.elasticsearch.ElasticsearchException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the alert engine asks of Elasticsearch, over its REST API: searches of the event indices, alert documents in
 * {@code alerts-YYYYMM} (alias {@code alerts}, created with Vigil's alert template on first use), and partial updates
 * of events. Nothing here needs painless or {@code _update_by_query}, which the minimal distribution lacks.
 */
public final class AlertIndex {

    private static final Logger LOG = LoggerFactory.getLogger(AlertIndex.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode STATE_MAPPING = JsonNodeFactory.instance.objectNode().set("mappings", JsonNodeFactory.instance.objectNode()
            .set("dynamic_templates", JsonNodeFactory.instance.arrayNode().add(JsonNodeFactory.instance.objectNode().set("strings",
                    JsonNodeFactory.instance.objectNode().put("match_mapping_type", "string").set("mapping",
                            JsonNodeFactory.instance.objectNode().put("type", "keyword"))))));

    private final Elasticsearch elasticsearch;
    private final Set<String> prepared = ConcurrentHashMap.newKeySet();

    public AlertIndex(Elasticsearch elasticsearch) {
        this.elasticsearch = elasticsearch;
    }

    /** Where the alerts go, for messages. */
    public String describe() {
        return elasticsearch.describe();
    }

    /** A search over {@code indices}; missing indices count as empty (a fresh install has no {@code events-previous}). */
    public JsonNode search(List<String> indices, ObjectNode body) throws IOException {
        return idempotent(() -> elasticsearch.search(indices, body));
    }

    /** Stores an alert in {@code index} (created, with its alias, on first use); @return its id. */
    public String store(String index, ObjectNode alert) throws IOException {
        prepare(index);
        return elasticsearch.ok("POST", Elasticsearch.path(index, "_doc") + "?refresh=true", alert).path("_id").asText();
    }

    /** Stores alerts under their ids, each unless one of its id exists, in one bulk request; @return each one's outcome, in order. */
    public List<Alerts.Outcome> createAll(String index, List<Alerts.Raise> alerts) throws IOException {
        if (alerts.isEmpty()) {
            return List.of();
        }
        prepare(index);
        StringBuilder ndjson = new StringBuilder();
        for (Alerts.Raise raise : alerts) {
            ObjectNode action = JsonNodeFactory.instance.objectNode();
            action.putObject("create").put("_index", index).put("_id", raise.id());
            ndjson.append(action).append('\n').append(JSON.writeValueAsString(raise.alert())).append('\n');
        }
        Answer answer = elasticsearch.send("POST", "/_bulk", "application/x-ndjson", ndjson.toString().getBytes(StandardCharsets.UTF_8));
        if (!answer.ok()) {
            throw new ElasticsearchException("POST /_bulk", answer);
        }
        List<Alerts.Outcome> outcomes = new ArrayList<>();
        for (JsonNode item : answer.json().path("items")) {
            int status = item.path("create").path("status").asInt();
            outcomes.add(status == 201 ? Alerts.Outcome.RAISED : status == 409 ? Alerts.Outcome.RAISED_BEFORE : Alerts.Outcome.FAILED);
            if (status != 201 && status != 409) {
                LOG.warn("Alert {} not stored: {}", item.path("create").path("_id").asText(), item.path("create").path("error").path("reason").asText());
            }
        }
        return outcomes;
    }

    /**
     * Sends bulk {@code update} lines; @return the items that failed with a version conflict (to read again and retry),
     * and fails on any other error.
     */
    public List<JsonNode> bulk(String ndjson) throws IOException {
        Answer answer = elasticsearch.send("POST", "/_bulk?refresh=true", "application/x-ndjson", ndjson.getBytes(StandardCharsets.UTF_8));
        if (!answer.ok()) {
            throw new ElasticsearchException("POST /_bulk", answer);
        }
        List<JsonNode> conflicts = new ArrayList<>();
        for (JsonNode item : answer.json().path("items")) {
            JsonNode result = item.elements().next();
            int status = result.path("status").asInt();
            if (status == 409) {
                conflicts.add(result);
            } else if (status >= 300) {
                throw new IOException("Elasticsearch refused an update of " + result.path("_index").asText() + "/" + result.path("_id").asText()
                        + ": " + result.path("error").path("reason").asText(result.path("error").toString()));
            }
        }
        return conflicts;
    }

    /** A document by id, or {@code null} when it (or its index) does not exist. */
    public JsonNode get(String index, String id) throws IOException {
        JsonNode found = versioned(index, id);
        return found == null ? null : found.path("_source");
    }

    /** Writes a document under its id (created or replaced). */
    public void put(String index, String id, ObjectNode document) throws IOException {
        idempotent(() -> elasticsearch.ok("PUT", Elasticsearch.path(index, "_doc", id), document));
    }

    /**
     * Writes a rule's state document under {@code id} (a new id when {@code null}), searchable at once; the index is
     * created on first use with string fields as keywords, as MozDef creates {@code localities}. @return the id
     */
    public String save(String index, String id, ObjectNode document) throws IOException {
        prepareState(index);
        JsonNode saved = id == null ? elasticsearch.ok("POST", Elasticsearch.path(index, "_doc") + "?refresh=true", document)
                : idempotent(() -> elasticsearch.ok("PUT", Elasticsearch.path(index, "_doc", id) + "?refresh=true", document));
        return saved.path("_id").asText();
    }

    /** A state index exists, with string fields as keywords (made once per process, again after a failure). */
    void prepareState(String index) throws IOException {
        if (prepared.add(index)) {
            try {
                elasticsearch.ensureIndex(index, STATE_MAPPING);
            } catch (IOException e) {
                prepared.remove(index);
                throw e;
            }
        }
    }

    /** Deletes a document; one that is not there is gone already. */
    void delete(String index, String id) throws IOException {
        String path = Elasticsearch.path(index, "_doc", id);
        Answer answer = idempotent(() -> elasticsearch.send("DELETE", path, null));
        if (!answer.ok() && answer.status() != 404) {
            throw new ElasticsearchException("DELETE " + path, answer);
        }
    }

    /** A document with its sequence number and primary term ({@code _seq_no}, {@code _primary_term}), or {@code null}. */
    public JsonNode versioned(String index, String id) throws IOException {
        String path = Elasticsearch.path(index, "_doc", id);
        Answer answer = idempotent(() -> elasticsearch.send("GET", path, null));
        if (answer.status() == 404) {
            return null;
        }
        if (!answer.ok()) {
            throw new ElasticsearchException("GET " + path, answer);
        }
        return answer.json();
    }

    /**
     * Writes a document only if it is new ({@code seqNo < 0}) or unchanged since it was read at {@code seqNo} and
     * {@code primaryTerm}; @return whether it was written (false: someone else wrote first).
     */
    public boolean writeIfUnchanged(String index, String id, ObjectNode document, long seqNo, long primaryTerm) throws IOException {
        String path = seqNo < 0 ? Elasticsearch.path(index, "_create", id)
                : Elasticsearch.path(index, "_doc", id) + "?if_seq_no=" + seqNo + "&if_primary_term=" + primaryTerm;
        Answer answer = elasticsearch.send("PUT", path, document);
        if (answer.status() == 409) {
            return false;
        }
        if (!answer.ok()) {
            throw new ElasticsearchException("PUT " + path, answer);
        }
        return true;
    }

    /** The alert template (installed once per process) and the index with its {@code alerts} alias. */
    private void prepare(String index) throws IOException {
        if (prepared.contains(index)) {
            return;
        }
        if (prepared.isEmpty()) {
            elasticsearch.putTemplate("vigil-alerts", resource("alerts-template.json"));
        }
        ObjectNode aliases = JsonNodeFactory.instance.objectNode();
        aliases.putObject("aliases").putObject("alerts");
        elasticsearch.ensureIndex(index, aliases);
        prepared.add(index);
    }

    /**
     * A request that may be sent twice: once more when the connection failed (Elasticsearch closed a kept-alive
     * connection the client was about to reuse, or restarted). Creating an alert is not retried, it could be stored twice.
     */
    private static <T> T idempotent(Call<T> call) throws IOException {
        try {
            return call.run();
        } catch (ElasticsearchException | InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            return call.run();
        }
    }

    private interface Call<T> {
        T run() throws IOException;
    }

    private static JsonNode resource(String name) throws IOException {
        try (InputStream in = AlertIndex.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name);
            }
            return JSON.readTree(in);
        }
    }
}

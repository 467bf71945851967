package io.vigil.sigma;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.elasticsearch.Answer;
import io.vigil.elasticsearch.Elasticsearch;
import io.vigil.elasticsearch.ElasticsearchException;
import io.vigil.elasticsearch.Query;
import io.vigil.elasticsearch.Scan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The windows of the correlation rules, kept in Elasticsearch ({@value #INDEX}, one document per correlation and group)
 * so that a restart resumes them. Saved before the {@link Checkpoint} moves, so the windows always include every event
 * before it; the events after it, read back at start, are ones the windows may have counted already, which they count
 * once ({@link Correlations}).
 */
final class CorrelationStore {

    static final String INDEX = "vigil-sigma-windows";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 500;

    private final Elasticsearch elasticsearch;
    private boolean prepared;

    CorrelationStore(Elasticsearch elasticsearch) {
        this.elasticsearch = elasticsearch;
    }

    /** Puts the saved windows back into {@code correlations}; @return how many groups were read. */
    long load(Correlations correlations) throws IOException, InterruptedException {
        return Scan.each(elasticsearch, List.of(INDEX), Query.allOf(), "saved", PAGE, hit -> {
            JsonNode source = hit.path("_source");
            List<String> group = new ArrayList<>();
            source.path("group").forEach(value -> group.add(value.asText()));
            correlations.restore(new Correlations.GroupKey(source.path("correlation").asText(), List.copyOf(group)), source.path("window"));
        });
    }

    /** Writes the groups changed since the last save (deleting those that ended); @return how many. */
    int save(Correlations correlations) throws IOException {
        List<Correlations.Saved> changes = correlations.changes();
        if (changes.isEmpty()) {
            return 0;
        }
        prepare();
        StringBuilder bulk = new StringBuilder();
        String now = Instant.now().toString();
        for (Correlations.Saved change : changes) {
            ObjectNode action = JsonNodeFactory.instance.objectNode();
            action.putObject(change.window() == null ? "delete" : "index").put("_index", INDEX).put("_id", id(change.key()));
            bulk.append(JSON.writeValueAsString(action)).append('\n');
            if (change.window() != null) {
                ObjectNode document = JsonNodeFactory.instance.objectNode().put("correlation", change.key().correlation()).put("saved", now);
                ArrayNode group = document.putArray("group");
                change.key().group().forEach(group::add);
                document.set("window", change.window());
                bulk.append(JSON.writeValueAsString(document)).append('\n');
            }
        }
        Answer answer = elasticsearch.send("POST", "/_bulk", "application/x-ndjson", bulk.toString().getBytes(StandardCharsets.UTF_8));
        if (!answer.ok()) {
            throw new ElasticsearchException("POST /_bulk (" + INDEX + ")", answer);
        }
        for (JsonNode item : answer.json().path("items")) {
            JsonNode result = item.elements().next();
            int status = result.path("status").asInt();
            // A group that ended before it was ever saved has nothing to delete: 404 is what was wanted.
            if (status >= 300 && status != 404) {
                throw new IOException("Elasticsearch refused the window " + result.path("_id").asText() + ": " + result.path("error").path("reason").asText());
            }
        }
        correlations.saved(changes);
        return changes.size();
    }

    private static String id(Correlations.GroupKey key) {
        return SigmaAlerts.digest(key.correlation() + "\n" + String.join("\u0000", key.group()));
    }

    private void prepare() throws IOException {
        if (!prepared) {
            ObjectNode body = Checkpoint.settings();
            ObjectNode properties = body.putObject("mappings").put("dynamic", false).putObject("properties");
            properties.putObject("correlation").put("type", "keyword");
            properties.putObject("saved").put("type", "date");
            properties.putObject("window").put("type", "object").put("enabled", false);
            elasticsearch.ensureIndex(INDEX, body);
            prepared = true;
        }
    }
}

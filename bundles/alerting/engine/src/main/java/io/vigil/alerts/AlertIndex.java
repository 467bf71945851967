package io.vigil.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the alert engine asks of Elasticsearch, over its REST API: searches of the event indices, alert documents in
 * {@code alerts-YYYYMM} (alias {@code alerts}, created with Vigil's alert template on first use), and partial updates
 * of events. Nothing here needs painless or {@code _update_by_query}, which the minimal distribution lacks.
 */
public final class AlertIndex {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STATE_MAPPING = "{\"mappings\":{\"dynamic_templates\":[{\"strings\":{\"match_mapping_type\":\"string\","
            + "\"mapping\":{\"type\":\"keyword\"}}}]}}";

    private final URI elasticsearch;
    private final HttpClient http;
    private final Duration timeout;
    private final Set<String> prepared = ConcurrentHashMap.newKeySet();

    public AlertIndex(URI elasticsearch, HttpClient http, Duration timeout) {
        this.elasticsearch = elasticsearch;
        this.http = http;
        this.timeout = timeout;
    }

    /** A search over {@code indices}; missing indices count as empty (a fresh install has no {@code events-previous}). */
    public JsonNode search(List<String> indices, ObjectNode body) throws IOException, InterruptedException {
        String path = "/" + String.join(",", indices.stream().map(AlertIndex::encode).toList())
                + "/_search?ignore_unavailable=true&allow_no_indices=true";
        return json(idempotent("POST", path, body.toString()), path);
    }

    /** Stores an alert in {@code index} (created, with its alias, on first use); @return its id. */
    public String store(String index, ObjectNode alert) throws IOException, InterruptedException {
        prepare(index);
        String path = "/" + encode(index) + "/_doc?refresh=true";
        return json(send("POST", path, alert.toString(), "application/json"), path).path("_id").asText();
    }

    /**
     * Sends bulk {@code update} lines; @return the items that failed with a version conflict (to read again and retry),
     * and fails on any other error.
     */
    public List<JsonNode> bulk(String ndjson) throws IOException, InterruptedException {
        String path = "/_bulk?refresh=true";
        JsonNode answer = json(send("POST", path, ndjson, "application/x-ndjson"), path);
        List<JsonNode> conflicts = new ArrayList<>();
        for (JsonNode item : answer.path("items")) {
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
    public JsonNode get(String index, String id) throws IOException, InterruptedException {
        String path = "/" + encode(index) + "/_doc/" + encode(id);
        HttpResponse<String> response = idempotent("GET", path, "");
        return response.statusCode() == 404 ? null : json(response, path).path("_source");
    }

    /** Writes a document under its id (created or replaced). */
    public void put(String index, String id, ObjectNode document) throws IOException, InterruptedException {
        String path = "/" + encode(index) + "/_doc/" + encode(id);
        json(idempotent("PUT", path, document.toString()), path);
    }

    /**
     * Writes a rule's state document under {@code id} (a new id when {@code null}), searchable at once; the index is
     * created on first use with string fields as keywords, as MozDef creates {@code localities}. @return the id
     */
    public String save(String index, String id, ObjectNode document) throws IOException, InterruptedException {
        if (prepared.add(index)) {
            HttpResponse<String> created = send("PUT", "/" + encode(index), STATE_MAPPING, "application/json");
            if (created.statusCode() != 200 && !created.body().contains("resource_already_exists_exception")) {
                prepared.remove(index);
                throw new IOException("cannot create " + index + ": " + created.statusCode() + " " + created.body());
            }
        }
        String path = "/" + encode(index) + (id == null ? "/_doc" : "/_doc/" + encode(id)) + "?refresh=true";
        HttpResponse<String> response = id == null ? send("POST", path, document.toString(), "application/json") : idempotent("PUT", path, document.toString());
        return json(response, path).path("_id").asText();
    }

    /** A document with its sequence number and primary term ({@code _seq_no}, {@code _primary_term}), or {@code null}. */
    public JsonNode versioned(String index, String id) throws IOException, InterruptedException {
        String path = "/" + encode(index) + "/_doc/" + encode(id);
        HttpResponse<String> response = idempotent("GET", path, "");
        return response.statusCode() == 404 ? null : json(response, path);
    }

    /**
     * Writes a document only if it is new ({@code seqNo < 0}) or unchanged since it was read at {@code seqNo} and
     * {@code primaryTerm}; @return whether it was written (false: someone else wrote first).
     */
    public boolean writeIfUnchanged(String index, String id, ObjectNode document, long seqNo, long primaryTerm)
            throws IOException, InterruptedException {
        String path = "/" + encode(index) + (seqNo < 0 ? "/_create/" + encode(id) : "/_doc/" + encode(id) + "?if_seq_no=" + seqNo
                + "&if_primary_term=" + primaryTerm);
        HttpResponse<String> response = send("PUT", path, document.toString(), "application/json");
        if (response.statusCode() == 409) {
            return false;
        }
        json(response, path);
        return true;
    }

    /** The alert template (installed once per process) and the index with its {@code alerts} alias. */
    private void prepare(String index) throws IOException, InterruptedException {
        if (prepared.contains(index)) {
            return;
        }
        if (prepared.isEmpty()) {
            HttpResponse<String> template = send("PUT", "/_index_template/vigil-alerts", resource("alerts-template.json"), "application/json");
            if (template.statusCode() != 200) {
                throw new IOException("cannot install the alert template: " + template.statusCode() + " " + template.body());
            }
        }
        HttpResponse<String> created = send("PUT", "/" + encode(index), "{\"aliases\":{\"alerts\":{}}}", "application/json");
        if (created.statusCode() != 200 && !created.body().contains("resource_already_exists_exception")) {
            throw new IOException("cannot create " + index + ": " + created.statusCode() + " " + created.body());
        }
        prepared.add(index);
    }

    /**
     * A request that may be sent twice: once more when the connection failed (Elasticsearch closed a kept-alive
     * connection the client was about to reuse, or restarted). Creating an alert is not retried, it could be stored twice.
     */
    private HttpResponse<String> idempotent(String method, String path, String body) throws IOException, InterruptedException {
        try {
            return send(method, path, body, "application/json");
        } catch (IOException e) {
            return send(method, path, body, "application/json");
        }
    }

    private HttpResponse<String> send(String method, String path, String body, String type) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(elasticsearch.resolve(path)).timeout(timeout).header("Content-Type", type)
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response, String path) throws IOException {
        if (response.statusCode() != 200 && response.statusCode() != 201) {
            throw new IOException("Elasticsearch answered " + response.statusCode() + " to " + path + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = AlertIndex.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

package io.vigil.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * MozDef's {@code restapi} HTTP cases against a running Vigil's REST API, signed in as {@code VIGIL_REST_USER} /
 * {@code VIGIL_REST_PASSWORD}. MongoDB preconditions become what Vigil keeps in Elasticsearch: an alert of
 * {@code meteor.alerts} is an alert document with the {@code esmetadata.id} as its id, a duplicate chain is made
 * through the API itself; afterwards the documents made are removed. A precondition on an index that holds data of
 * its own ({@code .kibana} with your dashboards) is not touched: that case is skipped, saying why.
 */
final class RestFixtures {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FIXTURE_ALERTS = "alerts-fixtures";

    private final URI rest;
    private final URI elasticsearch;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    RestFixtures(URI rest, URI elasticsearch, String user, String password) {
        this.rest = rest;
        this.elasticsearch = elasticsearch;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    List<String> run(JsonNode vector) throws FixtureRunner.Unsupported, IOException, InterruptedException {
        List<String> undo = new ArrayList<>();
        try {
            prepare(vector.path("preconditions"), undo);
            return check(vector);
        } finally {
            for (String path : undo) {
                send(elasticsearch, "DELETE", path, null, null);
            }
        }
    }

    private void prepare(JsonNode preconditions, List<String> undo) throws FixtureRunner.Unsupported, IOException, InterruptedException {
        if (preconditions.has("es_index")) {
            String index = preconditions.get("es_index").asText();
            HttpResponse<String> present = send(elasticsearch, "GET", "/" + index + "/_count", null, null);
            if (present.statusCode() == 200 && JSON.readTree(present.body()).path("count").asLong() > 0) {
                throw new FixtureRunner.Unsupported("index " + index + " holds documents of its own, left untouched");
            }
            for (JsonNode document : preconditions.path("documents")) {
                ObjectNode source = document.deepCopy();
                String id = source.remove("_id").asText();
                put("/" + index + "/_doc/" + encode(id) + "?refresh=true", source);
                undo.add("/" + index + "/_doc/" + encode(id) + "?refresh=true");
            }
        }
        JsonNode mongo = preconditions.path("mongo");
        if (mongo.isMissingNode()) {
            return;
        }
        String collection = mongo.path("collection").asText();
        for (JsonNode document : mongo.path("documents")) {
            if (collection.equals("alerts")) {
                ObjectNode alert = document.deepCopy();
                String id = ((ObjectNode) alert).remove("esmetadata").path("id").asText();
                alert.put("utctimestamp", "2000-01-01T00:00:00+00:00").put("summary", "fixture alert");
                put("/" + FIXTURE_ALERTS + "/_doc/" + encode(id) + "?refresh=true", alert);
                undo.add("/" + FIXTURE_ALERTS + "/_doc/" + encode(id) + "?refresh=true");
            } else if (collection.equals("duplicatechains")) {
                ObjectNode chain = JSON.createObjectNode().put("alert", document.path("alert").asText()).put("user", document.path("user").asText());
                chain.set("identifiers", document.path("identifiers"));
                send(rest, "DELETE", "/alerttriagechain", authorization, chain);
                HttpResponse<String> made = send(rest, "POST", "/alerttriagechain", authorization, chain);
                if (made.statusCode() != 200) {
                    throw new IOException("making the duplicate chain answered " + made.statusCode() + ": " + made.body());
                }
            } else {
                throw new FixtureRunner.Unsupported("MongoDB collection " + collection + " has no Vigil counterpart");
            }
        }
    }

    private List<String> check(JsonNode vector) throws IOException, InterruptedException {
        List<String> differences = new ArrayList<>(answer(http, rest, authorization, vector));
        JsonNode request = vector.path("request");
        for (Iterator<Map.Entry<String, JsonNode>> fields = vector.path("expect").fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().startsWith("mongo_alert(esmetadata.id=")) {
                String id = field.getKey().substring("mongo_alert(esmetadata.id=".length(), field.getKey().length() - 1);
                JsonNode alert = JSON.readTree(send(elasticsearch, "GET", "/" + FIXTURE_ALERTS + "/_doc/" + encode(id), null, null).body()).path("_source");
                field.getValue().fields().forEachRemaining(want -> {
                    JsonNode actual = JsonPaths.at(alert, want.getKey());
                    if (!matches(want.getValue(), actual)) {
                        differences.add("alert " + want.getKey() + " = " + actual + ", expected " + want.getValue());
                    }
                });
            } else if (field.getKey().equals("mongo_chain(alert,user)")) {
                differences.addAll(chain(request.path("json"), field.getValue()));
            }
        }
        return differences;
    }

    /**
     * Sends an HTTP vector's request to {@code base} (with {@code authorization}, when not null) and compares the answer
     * with its {@code expect}: status, body, json, json_sorted_by_name. Shared by the loginput and restapi cases.
     */
    static List<String> answer(HttpClient http, URI base, String authorization, JsonNode vector) throws IOException, InterruptedException {
        JsonNode request = vector.path("request");
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        request.path("query").fields().forEachRemaining(field -> query.add(encode(field.getKey()) + "=" + encode(field.getValue().asText())));
        HttpResponse<String> answer = send(http, base, request.path("method").asText("GET"), request.path("path").asText("/") + query, authorization,
                request.has("json") ? request.get("json") : null);
        JsonNode expect = vector.path("expect");
        List<String> differences = new ArrayList<>();
        if (answer.statusCode() != expect.path("status").asInt(200)) {
            differences.add("status " + answer.statusCode() + ", expected " + expect.path("status").asInt(200) + ": " + answer.body());
        }
        if (expect.has("body") && !expect.get("body").asText().equals(answer.body()) && !sameJson(expect.get("body").asText(), answer.body())) {
            differences.add("body " + answer.body() + ", expected " + expect.get("body").asText());
        }
        if (expect.has("json") && !matches(expect.get("json"), JSON.readTree(answer.body()))) {
            differences.add("json " + answer.body() + ", expected " + expect.get("json"));
        }
        if (expect.has("json_sorted_by_name")) {
            List<JsonNode> items = new ArrayList<>();
            JSON.readTree(answer.body()).forEach(items::add);
            items.sort((a, b) -> a.path("name").asText().compareTo(b.path("name").asText()));
            if (!matches(expect.get("json_sorted_by_name"), JSON.valueToTree(items))) {
                differences.add("json " + answer.body() + ", expected " + expect.get("json_sorted_by_name"));
            }
        }
        return differences;
    }

    /** The chain after the request: gone ({@code null}), or holding identifiers, modified since it was made. */
    private List<String> chain(JsonNode sent, JsonNode want) throws IOException, InterruptedException {
        HttpResponse<String> read = send(rest, "GET", "/alerttriagechain?alert=" + encode(sent.path("alert").asText()) + "&user=" + encode(sent.path("user").asText()),
                authorization, null);
        List<String> differences = new ArrayList<>();
        if (want.isNull()) {
            if (read.statusCode() != 404) {
                differences.add("chain still there: " + read.body());
            }
            return differences;
        }
        JsonNode chain = JSON.readTree(read.body());
        List<String> identifiers = new ArrayList<>();
        chain.path("identifiers").forEach(identifier -> identifiers.add(identifier.asText()));
        want.path("identifiers_contains").forEach(identifier -> {
            if (!identifiers.contains(identifier.asText())) {
                differences.add("chain lacks " + identifier);
            }
        });
        if (want.has("identifiers_len") && identifiers.size() != want.get("identifiers_len").asInt()) {
            differences.add("chain has " + identifiers.size() + " identifiers, expected " + want.get("identifiers_len"));
        }
        if ("<not T0>".equals(want.path("modified").asText()) && chain.path("modified").equals(chain.path("created"))) {
            differences.add("chain not modified: " + chain);
        }
        return differences;
    }

    /** Equal, where the expected {@code "<present>"} takes any value that is there. */
    private static boolean matches(JsonNode want, JsonNode actual) {
        if (want.isTextual() && want.asText().equals("<present>")) {
            return actual != null && !actual.isMissingNode() && !actual.isNull();
        }
        if (want.isObject()) {
            if (!actual.isObject() || actual.size() != want.size()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = want.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!matches(field.getValue(), actual.path(field.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (want.isArray()) {
            if (!actual.isArray() || actual.size() != want.size()) {
                return false;
            }
            for (int i = 0; i < want.size(); i++) {
                if (!matches(want.get(i), actual.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return FixtureRunner.Expectations.equal(want, actual);
    }

    /** MozDef's Python wrote {@code {"a": 1}}, Jackson {@code {"a":1}}: the same JSON. */
    private static boolean sameJson(String expected, String actual) {
        try {
            return !expected.isEmpty() && JSON.readTree(expected).equals(JSON.readTree(actual));
        } catch (IOException e) {
            return false;
        }
    }

    private void put(String path, JsonNode body) throws IOException, InterruptedException {
        HttpResponse<String> answer = send(elasticsearch, "PUT", path, null, body);
        if (answer.statusCode() / 100 != 2) {
            throw new IOException("PUT " + path + " answered " + answer.statusCode() + ": " + answer.body());
        }
    }

    private HttpResponse<String> send(URI base, String method, String path, String authorization, JsonNode body) throws IOException, InterruptedException {
        return send(http, base, method, path, authorization, body);
    }

    private static HttpResponse<String> send(HttpClient http, URI base, String method, String path, String authorization, JsonNode body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

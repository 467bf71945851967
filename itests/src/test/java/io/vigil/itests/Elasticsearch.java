package io.vigil.itests;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** What the end-to-end tests ask the Elasticsearch of a Vigil instance: counts, documents by id, searches that wait. */
final class Elasticsearch {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String url;

    Elasticsearch(String url) {
        this.url = url;
    }

    /** A request of a test's own (a document put or read), failing the test unless Elasticsearch answers 2xx. */
    JsonNode request(String method, String path, String body) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(url + path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(answer.body(), answer.statusCode() / 100 == 2);
        return JSON.readTree(answer.body());
    }

    /** Events whose summary matches {@code query} in the daily indices, or -1 while Elasticsearch does not answer. */
    long countSummary(String query) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/events-2*/_count?q=summary:" + encode(query))).build(),
                HttpResponse.BodyHandlers.ofString());
        return answer.statusCode() == 200 ? JSON.readTree(answer.body()).path("count").asLong() : -1;
    }

    /** The event with this id (through the {@code events} alias). */
    JsonNode event(String id) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/events/_doc/" + id)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(answer.body(), 200, answer.statusCode());
        return JSON.readTree(answer.body());
    }

    /** The hits of a query once it finds {@code expected} documents (within a minute). */
    JsonNode search(String index, String query, int expected) throws Exception {
        JsonNode[] hits = new JsonNode[1];
        await().atMost(60, SECONDS).until(() -> {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/" + index + "/_search?size=10000&q=" + encode(query))).build(),
                    HttpResponse.BodyHandlers.ofString());
            hits[0] = JSON.readTree(answer.body()).at("/hits/hits");
            return hits[0].size() == expected;
        });
        return hits[0];
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}

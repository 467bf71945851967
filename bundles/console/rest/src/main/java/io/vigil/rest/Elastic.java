package io.vigil.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The REST API's Elasticsearch: JSON in, status and JSON out. */
final class Elastic {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** An answer: its status and body ({@link MissingNode} when it had none). */
    record Answer(int status, JsonNode json) {
        boolean ok() {
            return status / 100 == 2;
        }
    }

    private final URI url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Elastic(URI url) {
        this.url = url;
    }

    Answer send(String method, String path, JsonNode body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body().isEmpty() ? MissingNode.getInstance() : JSON.readTree(response.body()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** The answer of a request that must succeed. */
    JsonNode ok(String method, String path, JsonNode body) throws IOException {
        Answer answer = send(method, path, body);
        if (!answer.ok()) {
            throw new IOException(method + " " + path + " answered " + answer.status() + ": " + reason(answer.json()));
        }
        return answer.json();
    }

    /** A search of indices that may not exist yet (no alert raised, no incident opened): then it finds nothing. */
    JsonNode search(String indices, JsonNode body) throws IOException {
        return searched(send("POST", "/" + indices + "/_search?ignore_unavailable=true&allow_no_indices=true&seq_no_primary_term=true", body), indices);
    }

    /** A search's hits; a query Elasticsearch cannot run is the caller's (400, with its reason). */
    static JsonNode searched(Answer answer, String indices) throws IOException {
        if (answer.status() == 400) {
            throw HttpError.badRequest("Elasticsearch refused the search: " + reason(answer.json()));
        }
        if (!answer.ok()) {
            throw new IOException("search of " + indices + " answered " + answer.status() + ": " + reason(answer.json()));
        }
        return answer.json();
    }

    static String reason(JsonNode json) {
        JsonNode error = json.path("error");
        JsonNode cause = error.path("root_cause").path(0);
        String reason = cause.path("reason").asText(error.path("reason").asText(""));
        return reason.isEmpty() ? json.toString() : reason;
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

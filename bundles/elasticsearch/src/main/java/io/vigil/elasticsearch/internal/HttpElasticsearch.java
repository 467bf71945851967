package io.vigil.elasticsearch.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.vigil.elasticsearch.Answer;
import io.vigil.elasticsearch.Connection;
import io.vigil.elasticsearch.Elasticsearch;
import io.vigil.elasticsearch.ElasticsearchException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.Optional;

/** {@link Elasticsearch} over the JDK's HTTP client, for one {@link Connection}. */
public final class HttpElasticsearch implements Elasticsearch {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SEARCH_OPTIONS = "ignore_unavailable=true&allow_no_indices=true";

    private final Connection connection;
    /** The URL without a trailing slash: paths are appended, never resolved, so that a prefix ({@code /es}) is kept. */
    private final String base;
    private final Optional<String> authorization;
    private final HttpClient http;

    public HttpElasticsearch(Connection connection) throws IOException {
        this.connection = connection;
        this.base = connection.url().toString().replaceAll("/+$", "");
        this.authorization = authorization(connection);
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(connection.connectTimeout());
        if ("https".equals(connection.url().getScheme())) {
            builder.sslContext(Trust.context(connection));
        }
        this.http = builder.build();
    }

    private static Optional<String> authorization(Connection connection) {
        if (!connection.apiKey().isEmpty()) {
            return Optional.of("ApiKey " + connection.apiKey());
        }
        if (!connection.username().isEmpty()) {
            String pair = connection.username() + ":" + connection.password();
            return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        return Optional.empty();
    }

    @Override
    public Answer send(String method, String path, JsonNode body) throws IOException {
        return send(method, path, body, connection.requestTimeout());
    }

    @Override
    public Answer send(String method, String path, JsonNode body, Duration timeout) throws IOException {
        return body == null ? send(method, path, null, null, timeout) : send(method, path, "application/json", JSON.writeValueAsBytes(body), timeout);
    }

    @Override
    public Answer send(String method, String path, String contentType, byte[] body) throws IOException {
        return send(method, path, contentType, body, connection.requestTimeout());
    }

    private Answer send(String method, String path, String contentType, byte[] body, Duration timeout) throws IOException {
        HttpRequest.Builder request = request(path).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException(method + " " + path + " interrupted");
            interrupted.initCause(e);
            throw interrupted;
        }
        return new Answer(response.statusCode(), parse(response.body()));
    }

    /** The body as JSON; a proxy's HTML error page or an empty body are kept as what they are rather than failing. */
    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException notJson) {
            return TextNode.valueOf(new String(body, StandardCharsets.UTF_8));
        }
    }

    @Override
    public JsonNode ok(String method, String path, JsonNode body) throws IOException {
        Answer answer = send(method, path, body);
        if (!answer.ok()) {
            throw new ElasticsearchException(method + " " + path, answer);
        }
        return answer.json();
    }

    @Override
    public JsonNode search(Collection<String> indices, JsonNode body) throws IOException {
        return ok("POST", "/" + Elasticsearch.indices(indices) + "/_search?" + SEARCH_OPTIONS + "&seq_no_primary_term=true", body);
    }

    @Override
    public long count(Collection<String> indices, JsonNode query) throws IOException {
        JsonNode body = query == null ? null : JSON.createObjectNode().set("query", query);
        return ok("POST", "/" + Elasticsearch.indices(indices) + "/_count?" + SEARCH_OPTIONS, body).path("count").asLong();
    }

    @Override
    public boolean ensureIndex(String name, JsonNode body) throws IOException {
        // Asked first: a name that is an alias (an operator's choice for incidents, say) exists too, but a PUT of it
        // would be refused as an invalid index name rather than as existing.
        if (send("HEAD", Elasticsearch.path(name), null).ok()) {
            return false;
        }
        Answer answer = send("PUT", Elasticsearch.path(name), body == null ? JSON.createObjectNode() : body);
        if (answer.ok()) {
            return true;
        }
        if (answer.status() == 400 && answer.errorType().equals("resource_already_exists_exception")) {
            return false;
        }
        throw new ElasticsearchException("creating index " + name, answer);
    }

    @Override
    public void putTemplate(String name, JsonNode body) throws IOException {
        ok("PUT", Elasticsearch.path("_index_template", name), body);
    }

    @Override
    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(connection.requestTimeout());
        authorization.ifPresent(value -> request.header("Authorization", value));
        return request;
    }

    @Override
    public HttpClient client() {
        return http;
    }

    @Override
    public String describe() {
        return connection.toString();
    }

    @Override
    public String toString() {
        return "Elasticsearch " + describe();
    }
}

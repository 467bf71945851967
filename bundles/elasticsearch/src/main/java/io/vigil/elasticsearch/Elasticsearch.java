package io.vigil.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.elasticsearch.internal.HttpElasticsearch;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.StringJoiner;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The Elasticsearch Vigil stores everything in, as one service: every request goes to the configured URL (its path
 * prefix kept, for an Elasticsearch behind a proxy) with the configured credentials and TLS trust. Paths are given
 * from the root of the Elasticsearch API ({@code /_bulk}, {@code /events/_search}); build them with {@link #path}
 * and {@link #indices}, which encode what users and events put into names and ids.
 *
 * <p>Methods throw {@link ElasticsearchException} when Elasticsearch answers with an error where one was not
 * expected, and other {@link java.io.IOException}s when it cannot be reached (an interrupted call keeps the thread's
 * interrupt flag and throws {@link java.io.InterruptedIOException}).
 */
@ProviderType
public interface Elasticsearch {

    /** One request, whatever Elasticsearch answers; {@code body} {@code null} sends none. */
    Answer send(String method, String path, JsonNode body) throws IOException;

    /** One request that waits for long work (a snapshot or restore with {@code wait_for_completion}) up to {@code timeout}. */
    Answer send(String method, String path, JsonNode body, Duration timeout) throws IOException;

    /** One request with a body of another type ({@code application/x-ndjson} for bulk requests). */
    Answer send(String method, String path, String contentType, byte[] body) throws IOException;

    /** A request that must succeed (2xx): its answer's JSON; otherwise {@link ElasticsearchException} with the reason. */
    JsonNode ok(String method, String path, JsonNode body) throws IOException;

    /**
     * A search of {@code indices}, any of which may not exist yet (a fresh install has no {@code events-previous}):
     * those count as empty. Elasticsearch's refusal of the search itself (status 400) is an {@link ElasticsearchException}
     * with that status.
     */
    JsonNode search(Collection<String> indices, JsonNode body) throws IOException;

    /** How many documents of {@code indices} (missing ones count as empty) match {@code query} ({@link Query}). */
    long count(Collection<String> indices, JsonNode query) throws IOException;

    /** Creates index {@code name} with {@code body} (settings, mappings, aliases) unless it or an alias of that name exists; @return whether it was created. */
    boolean ensureIndex(String name, JsonNode body) throws IOException;

    /** Installs or replaces the composable index template {@code name}. */
    void putTemplate(String name, JsonNode body) throws IOException;

    /**
     * A request to {@code path} with the configured prefix, credentials and request timeout, for callers that send
     * it themselves through {@link #client()} (the bulk writer, asynchronously, with its own timeout).
     */
    HttpRequest.Builder request(String path);

    /** The HTTP client, with the configured TLS trust and connect timeout; pair it with {@link #request}. */
    HttpClient client();

    /** Where requests go, for messages: the URL without credentials. */
    String describe();

    /** A client outside the container (Vigil's command-line tools), with {@code connection}'s settings. */
    static Elasticsearch connect(Connection connection) throws IOException {
        return new HttpElasticsearch(connection);
    }

    /** {@code /a/b/c} from path segments, each URL-encoded: an index name, {@code _doc}, a document id of any characters. */
    static String path(String... segments) {
        StringBuilder path = new StringBuilder();
        for (String segment : segments) {
            path.append('/').append(encode(segment));
        }
        return path.toString();
    }

    /** A comma-separated list of index names or patterns for a path, each encoded ({@code *} kept). */
    static String indices(Collection<String> names) {
        StringJoiner joined = new StringJoiner(",");
        names.forEach(name -> joined.add(encode(name).replace("%2A", "*")));
        return joined.toString();
    }

    /** One URL component (path segment or query value) as Elasticsearch reads it: spaces as {@code %20}, not {@code +}. */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

package io.vigil.blocklist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.core.ToUtc;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The entries as documents of one index, id {@code <kind>:<value>}; every write waits for a refresh, so the published
 * lists show it at once. Concurrent blocks of one value meet at Elasticsearch's sequence numbers, never overwriting.
 */
final class BlocklistStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 1000;
    private static final String MAPPINGS = """
            {"mappings":{"dynamic":"strict","properties":{"kind":{"type":"keyword"},"value":{"type":"keyword"},
             "dateAdded":{"type":"date"},"dateExpiring":{"type":"date"},"creator":{"type":"keyword"},
             "reference":{"type":"keyword"},"comment":{"type":"text"}}}}""";

    private final URI elasticsearch;
    private final String index;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile boolean created;

    BlocklistStore(URI elasticsearch, String index) {
        this.elasticsearch = elasticsearch;
        this.index = index;
    }

    Blocklist.Entry put(Blocklist.Entry wanted, Instant now) throws IOException {
        ensureIndex();
        for (int attempt = 0; attempt < 5; attempt++) {
            HttpResponse<String> current = send(HttpRequest.newBuilder(uri("/_doc/" + id(wanted.kind(), wanted.value()))).GET());
            JsonNode found = JSON.readTree(current.body());
            String condition = "?refresh=wait_for&op_type=create";
            Blocklist.Entry entry = wanted;
            if (found.path("found").asBoolean()) {
                condition = "?refresh=wait_for&if_seq_no=" + found.path("_seq_no").asLong() + "&if_primary_term=" + found.path("_primary_term").asLong();
                Blocklist.Entry old = entry(found.path("_source"));
                if (old.expires().isAfter(now)) {
                    entry = new Blocklist.Entry(wanted.kind(), wanted.value(), old.added(), later(old.expires(), wanted.expires()),
                            wanted.creator().isEmpty() ? old.creator() : wanted.creator(), wanted.reference().isEmpty() ? old.reference() : wanted.reference(),
                            wanted.comment().isEmpty() ? old.comment() : wanted.comment());
                }
            }
            HttpResponse<String> written = send(HttpRequest.newBuilder(uri("/_doc/" + id(entry.kind(), entry.value()) + condition))
                    .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(document(entry).toString())));
            if (written.statusCode() / 100 == 2) {
                return entry;
            }
            if (written.statusCode() != 409) {
                throw new IOException("Elasticsearch answered " + written.statusCode() + ": " + written.body());
            }
        }
        throw new IOException("gave up writing " + wanted.value() + ": changed by others five times in a row");
    }

    boolean delete(Blocklist.Kind kind, String value) throws IOException {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/_doc/" + id(kind, value) + "?refresh=wait_for")).DELETE());
        if (answer.statusCode() != 200 && answer.statusCode() != 404) {
            throw new IOException("Elasticsearch answered " + answer.statusCode() + ": " + answer.body());
        }
        return answer.statusCode() == 200;
    }

    /** Unexpired entries of {@code kind} by value, page by page ({@code search_after}), however many. */
    List<Blocklist.Entry> active(Blocklist.Kind kind, Instant now) throws IOException {
        List<Blocklist.Entry> entries = new ArrayList<>();
        JsonNode after = null;
        while (true) {
            ObjectNode query = JsonNodeFactory.instance.objectNode().put("size", PAGE);
            ArrayNode filter = query.putObject("query").putObject("bool").putArray("filter");
            filter.addObject().putObject("term").put("kind", kind.name().toLowerCase(Locale.ROOT));
            filter.addObject().putObject("range").putObject("dateExpiring").put("gt", iso(now));
            query.putArray("sort").add("value");
            if (after != null) {
                query.set("search_after", after);
            }
            HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/_search?ignore_unavailable=true"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(query.toString())));
            if (answer.statusCode() != 200) {
                throw new IOException("Elasticsearch answered " + answer.statusCode() + ": " + answer.body());
            }
            JsonNode hits = JSON.readTree(answer.body()).path("hits").path("hits");
            for (JsonNode hit : hits) {
                entries.add(entry(hit.path("_source")));
                after = hit.path("sort");
            }
            if (hits.size() < PAGE) {
                return entries;
            }
        }
    }

    private void ensureIndex() throws IOException {
        if (created) {
            return;
        }
        HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(MAPPINGS)));
        if (answer.statusCode() != 200 && !answer.body().contains("resource_already_exists_exception")) {
            throw new IOException("Elasticsearch refused the index " + index + ": " + answer.statusCode() + " " + answer.body());
        }
        created = true;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private URI uri(String path) {
        return elasticsearch.resolve("/" + index + path);
    }

    private static String id(Blocklist.Kind kind, String value) {
        return URLEncoder.encode(kind.name().toLowerCase(Locale.ROOT) + ":" + value, StandardCharsets.UTF_8);
    }

    private static ObjectNode document(Blocklist.Entry entry) {
        return JsonNodeFactory.instance.objectNode().put("kind", entry.kind().name().toLowerCase(Locale.ROOT)).put("value", entry.value())
                .put("dateAdded", iso(entry.added())).put("dateExpiring", iso(entry.expires())).put("creator", entry.creator())
                .put("reference", entry.reference()).put("comment", entry.comment());
    }

    private static Blocklist.Entry entry(JsonNode source) {
        return new Blocklist.Entry(Blocklist.Kind.valueOf(source.path("kind").asText().toUpperCase(Locale.ROOT)), source.path("value").asText(),
                OffsetDateTime.parse(source.path("dateAdded").asText()).toInstant(), OffsetDateTime.parse(source.path("dateExpiring").asText()).toInstant(),
                source.path("creator").asText(), source.path("reference").asText(), source.path("comment").asText());
    }

    private static Instant later(Instant one, Instant other) {
        return one.isAfter(other) ? one : other;
    }

    static String iso(Instant instant) {
        return ToUtc.isoformat(OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
    }
}

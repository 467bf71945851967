package io.vigil.blocklist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.support.ToUtc;
import io.vigil.elasticsearch.Answer;
import io.vigil.elasticsearch.Elasticsearch;
import io.vigil.elasticsearch.ElasticsearchException;
import io.vigil.elasticsearch.Query;
import java.io.IOException;
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

    private static final int PAGE = 1000;
    private static final JsonNode MAPPINGS = mappings();

    private final Elasticsearch elasticsearch;
    private final String index;
    private volatile boolean created;

    BlocklistStore(Elasticsearch elasticsearch, String index) {
        this.elasticsearch = elasticsearch;
        this.index = index;
    }

    Blocklist.Entry put(Blocklist.Entry wanted, Instant now) throws IOException {
        ensureIndex();
        for (int attempt = 0; attempt < 5; attempt++) {
            JsonNode found = elasticsearch.send("GET", path(wanted.kind(), wanted.value()), null).json();
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
            String path = path(entry.kind(), entry.value()) + condition;
            Answer written = elasticsearch.send("PUT", path, document(entry));
            if (written.ok()) {
                return entry;
            }
            if (written.status() != 409) {
                throw new ElasticsearchException("PUT " + path, written);
            }
        }
        throw new IOException("gave up writing " + wanted.value() + ": changed by others five times in a row");
    }

    boolean delete(Blocklist.Kind kind, String value) throws IOException {
        String path = path(kind, value) + "?refresh=wait_for";
        Answer answer = elasticsearch.send("DELETE", path, null);
        if (answer.status() != 200 && answer.status() != 404) {
            throw new ElasticsearchException("DELETE " + path, answer);
        }
        return answer.status() == 200;
    }

    /** Unexpired entries of {@code kind} by value, page by page ({@code search_after}), however many. */
    List<Blocklist.Entry> active(Blocklist.Kind kind, Instant now) throws IOException {
        List<Blocklist.Entry> entries = new ArrayList<>();
        JsonNode after = null;
        while (true) {
            ObjectNode query = Query.search(Query.allOf(Query.term("kind", kind.name().toLowerCase(Locale.ROOT)),
                    Query.greaterThan("dateExpiring", iso(now))), PAGE);
            query.putArray("sort").add("value");
            if (after != null) {
                query.set("search_after", after);
            }
            JsonNode hits = elasticsearch.search(List.of(index), query).path("hits").path("hits");
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
        if (!created) {
            elasticsearch.ensureIndex(index, MAPPINGS);
            created = true;
        }
    }

    private String path(Blocklist.Kind kind, String value) {
        return Elasticsearch.path(index, "_doc", kind.name().toLowerCase(Locale.ROOT) + ":" + value);
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

    private static JsonNode mappings() {
        ObjectNode mappings = JsonNodeFactory.instance.objectNode();
        ObjectNode properties = mappings.putObject("mappings").put("dynamic", "strict").putObject("properties");
        for (String keyword : List.of("kind", "value", "creator", "reference")) {
            properties.putObject(keyword).put("type", "keyword");
        }
        properties.putObject("dateAdded").put("type", "date");
        properties.putObject("dateExpiring").put("type", "date");
        properties.putObject("comment").put("type", "text");
        return mappings;
    }

    static String iso(Instant instant) {
        return ToUtc.isoformat(OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
    }
}

package io.vigil.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Collection;

/**
 * Every document a query matches, oldest first by a date field, page by page over a point in time: a reading that
 * sees each document once however many arrive meanwhile (catching up on what was missed), in bounded memory.
 */
public final class Scan {

    private static final String KEEP_ALIVE = "2m";

    /** Given each hit ({@code _index}, {@code _id}, {@code _source}) in turn. */
    @FunctionalInterface
    public interface Hits {
        void accept(JsonNode hit) throws IOException, InterruptedException;
    }

    private Scan() {
    }

    /** @return how many hits were given; none when no index exists */
    public static long each(Elasticsearch elasticsearch, Collection<String> indices, JsonNode query, String timeField, int pageSize, Hits hits)
            throws IOException, InterruptedException {
        Answer opened = elasticsearch.send("POST", "/" + Elasticsearch.indices(indices) + "/_pit?keep_alive=" + KEEP_ALIVE + "&ignore_unavailable=true",
                null);
        if (opened.status() == 404 || opened.ok() && !opened.json().hasNonNull("id")) {
            return 0;
        }
        if (!opened.ok()) {
            throw new ElasticsearchException("POST _pit", opened);
        }
        String pit = opened.json().get("id").asText();
        long given = 0;
        try {
            JsonNode after = null;
            while (true) {
                ObjectNode body = Query.search(query, pageSize);
                body.putArray("sort").addObject().putObject(timeField).put("order", "asc").put("unmapped_type", "date");
                ((ArrayNode) body.get("sort")).addObject().put("_shard_doc", "asc");
                body.putObject("pit").put("id", pit).put("keep_alive", KEEP_ALIVE);
                if (after != null) {
                    body.set("search_after", after);
                }
                Answer answer = elasticsearch.send("POST", "/_search", body);
                if (!answer.ok()) {
                    throw new ElasticsearchException("POST _search (point in time)", answer);
                }
                pit = answer.json().path("pit_id").asText(pit);
                JsonNode page = answer.json().path("hits").path("hits");
                for (JsonNode hit : page) {
                    hits.accept(hit);
                    given++;
                }
                if (page.size() < pageSize) {
                    return given;
                }
                after = page.get(page.size() - 1).path("sort");
            }
        } finally {
            elasticsearch.send("DELETE", "/_pit", JsonNodeFactory.instance.objectNode().put("id", pit));
        }
    }
}

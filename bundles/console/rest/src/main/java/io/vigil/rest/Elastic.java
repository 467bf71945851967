package io.vigil.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.elasticsearch.Answer;
import io.vigil.elasticsearch.Elasticsearch;
import io.vigil.elasticsearch.ElasticsearchException;
import java.io.IOException;
import java.util.List;

/**
 * The REST API's use of the {@link Elasticsearch} service: indices named as its configuration names them (one, or
 * several comma-separated), and a search Elasticsearch refuses answered as the caller's mistake (400, with its reason).
 */
final class Elastic {

    private final Elasticsearch elasticsearch;

    Elastic(Elasticsearch elasticsearch) {
        this.elasticsearch = elasticsearch;
    }

    Answer send(String method, String path, JsonNode body) throws IOException {
        return elasticsearch.send(method, path, body);
    }

    JsonNode ok(String method, String path, JsonNode body) throws IOException {
        return elasticsearch.ok(method, path, body);
    }

    boolean ensureIndex(String index, JsonNode body) throws IOException {
        return elasticsearch.ensureIndex(index, body);
    }

    /** A search of indices that may not exist yet (no alert raised, no incident opened): then it finds nothing. */
    JsonNode search(String indices, JsonNode body) throws IOException {
        try {
            return elasticsearch.search(List.of(indices.split(",")), body);
        } catch (ElasticsearchException e) {
            throw refused(e);
        }
    }

    /** A search's hits; a query Elasticsearch cannot run is the caller's (400, with its reason). */
    static JsonNode searched(Answer answer, String indices) throws IOException {
        if (!answer.ok()) {
            throw refused(new ElasticsearchException("search of " + indices, answer));
        }
        return answer.json();
    }

    private static ElasticsearchException refused(ElasticsearchException e) {
        if (e.status() == 400) {
            throw HttpError.badRequest("Elasticsearch refused the search: " + e.reason());
        }
        return e;
    }
}

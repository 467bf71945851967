package io.vigil.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.elasticsearch.Answer;
import io.vigil.elasticsearch.Elasticsearch;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

/**
 * Documents edited by people, with Elasticsearch's optimistic concurrency: every read carries a version
 * ({@code <seq_no>.<primary_term>}, also the ETag), every write names the version it was made from, and a write made
 * from an older one fails with 409 and the current document instead of overwriting what someone else saved.
 */
final class Documents {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int ATTEMPTS = 10;

    /** A document, where it lives, and its version. */
    record Found(String index, String id, ObjectNode source, String version) {

        ObjectNode view() {
            ObjectNode view = NODES.objectNode().put("id", id).put("index", index).put("version", version);
            view.set("source", source);
            return view;
        }
    }

    private final Elastic elastic;

    Documents(Elastic elastic) {
        this.elastic = elastic;
    }

    /**
     * The document with this id in {@code indices} (one index, or a pattern such as {@code alerts-*}), as it is now:
     * read with a real-time get, never from a search that may not see the last write yet.
     */
    Optional<Found> find(String indices, String id) throws IOException {
        String index = indices;
        if (indices.contains("*") || indices.contains(",")) {
            ObjectNode query = NODES.objectNode().put("size", 1);
            query.putObject("query").putObject("ids").putArray("values").add(id);
            JsonNode hit = elastic.search(indices, query).path("hits").path("hits").path(0);
            if (hit.isMissingNode()) {
                return Optional.empty();
            }
            index = hit.path("_index").asText();
        }
        Answer answer = elastic.send("GET", "/" + index + "/_doc/" + Elasticsearch.encode(id), null);
        if (answer.status() == 404) {
            return Optional.empty();
        }
        if (!answer.ok()) {
            throw new IOException("reading " + id + " answered " + answer.status() + ": " + answer.reason());
        }
        return Optional.of(found(answer.json()));
    }

    /**
     * A date of a stored document, as MozDef writes them ({@code 2026-12-01T10:00:00.123456+00:00}) or this API
     * ({@code ...Z}); {@code null} when it is none.
     */
    static Instant time(JsonNode value) {
        try {
            return OffsetDateTime.parse(value.asText("")).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static Found found(JsonNode hit) {
        return new Found(hit.path("_index").asText(), hit.path("_id").asText(), (ObjectNode) hit.path("_source"),
                hit.path("_seq_no").asLong() + "." + hit.path("_primary_term").asLong());
    }

    Found get(String indices, String id, String what) throws IOException {
        return find(indices, id).orElseThrow(() -> HttpError.notFound("no " + what + " " + id));
    }

    /** Creates it under a new id, visible to searches when this returns. */
    Found create(String index, String id, ObjectNode source) throws IOException {
        JsonNode written = elastic.ok("PUT", "/" + index + "/_create/" + Elasticsearch.encode(id) + "?refresh=wait_for", source);
        return new Found(written.path("_index").asText(index), id, source, written.path("_seq_no").asLong() + "." + written.path("_primary_term").asLong());
    }

    /** Replaces the document if it is still at {@code version}; else 409 with the current one. */
    Found replace(Found current, String version, ObjectNode source) throws IOException {
        String[] parts = version.split("\\.");
        if (parts.length != 2 || !parts[0].matches("\\d+") || !parts[1].matches("\\d+")) {
            throw HttpError.badRequest("version '" + version + "' is not one this API gave (<seq_no>.<primary_term>)");
        }
        Answer answer = elastic.send("PUT", "/" + current.index() + "/_doc/" + Elasticsearch.encode(current.id()) + "?refresh=wait_for&if_seq_no=" + parts[0]
                + "&if_primary_term=" + parts[1], source);
        if (answer.status() == 409) {
            Found fresh = get(current.index(), current.id(), "document");
            throw new HttpError(409, "changed by someone else since version " + version + ": the current version is " + fresh.version()
                    + "; apply your change to it and send it again", fresh.view());
        }
        if (!answer.ok()) {
            throw new IOException("writing " + current.id() + " answered " + answer.status() + ": " + answer.reason());
        }
        return new Found(current.index(), current.id(), source, answer.json().path("_seq_no").asLong() + "." + answer.json().path("_primary_term").asLong());
    }

    /**
     * Changes that do not depend on what others changed meanwhile (an acknowledgement, a note appended): applied to the
     * current version, read again and retried when someone wrote in between.
     */
    Found change(String indices, String id, String what, UnaryOperator<ObjectNode> change) throws IOException {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Found current = get(indices, id, what);
            try {
                return replace(current, current.version(), change.apply(current.source().deepCopy()));
            } catch (HttpError e) {
                if (e.status() != 409) {
                    throw e;
                }
            }
            try {
                // Apart, so writers that met do not meet again at once.
                Thread.sleep(ThreadLocalRandom.current().nextLong(10, 50L << Math.min(attempt, 4)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        throw new HttpError(409, what + " " + id + " is being changed by others too often; try again");
    }
}

package io.vigil.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Incidents and investigations: {@code /api/incidents} and {@code /api/investigations}, one model. Edits name the
 * version they were made from ({@code If-Match}, or {@code version} in the body), so two handlers editing at once never
 * overwrite each other: the later one gets 409 and the current document. Appending to a list
 * ({@code POST .../{id}/notes}) needs no version: an appended note cannot undo anyone's.
 */
final class IncidentRoutes {

    private final Documents documents;
    private final MappedIndices indices;
    private final Search search;
    private final LiveFeed feed;
    private final Clock clock;
    private final Map<String, String> kinds = new ConcurrentHashMap<>();

    IncidentRoutes(Documents documents, MappedIndices indices, Search search, LiveFeed feed, Clock clock) {
        this.feed = feed;
        this.documents = documents;
        this.indices = indices;
        this.search = search;
        this.clock = clock;
    }

    void register(Api api, String kind, String index) {
        kinds.put(index, kind);
        String base = "/api/" + kind + "s";
        api.route("GET", base, Role.VIEWER, "List " + kind + "s, newest first (q, from, to on dateOpened, phase, assignee, creator, tags, size, after)",
                call -> Reply.ok(search.page(call, index, "dateOpened", call.filters("phase", "assignee", "creator", "tags"))));
        api.route("POST", base, Role.HANDLER, "Open a " + kind + " (summary required)", call -> {
            Documents.Found made = create(index, call.object(), call.userName());
            return Reply.json(201, made.view()).with("ETag", etag(made)).with("Location", base + "/" + made.id());
        });
        api.route("GET", base + "/{id}", Role.VIEWER, "One " + kind + ", with its version (also the ETag)", call -> {
            Documents.Found found = documents.get(index, call.parameter("id"), kind);
            return Reply.ok(found.view()).with("ETag", etag(found));
        });
        api.route("PATCH", base + "/{id}", Role.HANDLER, "Change fields of a " + kind + " made from version (If-Match or body version); 409 with the current one if it moved on",
                call -> {
                    JsonNode sent = call.object();
                    String version = version(call, sent);
                    Documents.Found current = documents.get(index, call.parameter("id"), kind);
                    ObjectNode changed = Incidents.merge(current.source().deepCopy(), sent, call.userName(), clock.instant());
                    Documents.Found saved = published(documents.replace(current, version, changed));
                    return Reply.ok(saved.view()).with("ETag", etag(saved));
                });
        for (String list : Incidents.LISTS) {
            api.route("POST", base + "/{id}/" + list, Role.HANDLER, "Append to the " + list + " of a " + kind + " ({\"text\": ...}); no version needed", call -> {
                ObjectNode entry = Incidents.entry(list, call.object(), call.userName(), clock.instant());
                Documents.Found saved = published(documents.change(index, call.parameter("id"), kind, source -> {
                    ArrayNode entries = source.has(list) ? (ArrayNode) source.get(list) : source.putArray(list);
                    entries.add(entry);
                    return source.put("dateModified", clock.instant().toString()).put("modifiedBy", call.userName());
                }));
                return Reply.ok(saved.view()).with("ETag", etag(saved));
            });
        }
    }

    Documents.Found create(String index, JsonNode sent, String creator) throws IOException {
        indices.ensure(index, "incidents");
        return published(documents.create(index, UUID.randomUUID().toString(), Incidents.create(sent, creator, clock.instant())));
    }

    /** A saved incident or investigation, told to the live streams (event {@code incident} or {@code investigation}). */
    private Documents.Found published(Documents.Found saved) {
        feed.publish(kinds.getOrDefault(saved.index(), "incident"), saved.view());
        return saved;
    }

    private static String version(Call call, JsonNode sent) {
        String match = call.headers().get("if-match");
        if (match != null && !match.isBlank()) {
            return match.strip().replace("\"", "");
        }
        if (sent.path("version").isTextual()) {
            return sent.get("version").asText();
        }
        throw new HttpError(428, "say which version your change was made from: If-Match, or version in the body (GET gives it)");
    }

    static String etag(Documents.Found found) {
        return "\"" + found.version() + "\"";
    }
}

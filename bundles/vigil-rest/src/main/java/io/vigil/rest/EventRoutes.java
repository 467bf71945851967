package io.vigil.rest;

import java.util.LinkedHashMap;
import java.util.Map;

/** Event search over the daily event indices, and one event by index and id. */
final class EventRoutes {

    private final String events;
    private final Documents documents;
    private final Search search;

    EventRoutes(String events, Documents documents, Search search) {
        this.events = events;
        this.documents = documents;
        this.search = search;
    }

    void register(Api api) {
        api.route("GET", "/api/events", Role.VIEWER,
                "Search events, newest first (q, from, to on utctimestamp, category, source, hostname, fields, size, after, histogram, facets)", call -> {
                    Map<String, String> filters = new LinkedHashMap<>();
                    for (String field : new String[] {"category", "source", "hostname", "severity"}) {
                        String value = call.query(field, "");
                        if (!value.isEmpty()) {
                            filters.put(field, value);
                        }
                    }
                    return Reply.ok(search.page(call, events, "utctimestamp", filters));
                });
        api.route("GET", "/api/events/{index}/{id}", Role.VIEWER, "One event", call -> {
            String index = call.parameter("index");
            if (!index.startsWith("events-")) {
                throw HttpError.notFound("no event index " + index);
            }
            return Reply.ok(documents.get(index, call.parameter("id"), "event").view());
        });
    }
}

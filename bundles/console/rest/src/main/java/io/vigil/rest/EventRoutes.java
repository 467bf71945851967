package io.vigil.rest;

import java.util.regex.Pattern;

/** Event search over the daily event indices, and one event by index and id. */
final class EventRoutes {

    private static final Pattern EVENT_INDEX = Pattern.compile("events-[a-z0-9_.-]+");

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
                "Search events, newest first (q, from, to on utctimestamp, category, source, hostname, severity, fields, size, after, histogram, facets)",
                call -> Reply.ok(search.page(call, events, "utctimestamp", call.filters("category", "source", "hostname", "severity"))));
        api.route("GET", "/api/events/{index}/{id}", Role.VIEWER, "One event", call -> {
            String index = call.parameter("index");
            // One daily event index by its full name: a comma or a wildcard would name other indices too.
            if (!EVENT_INDEX.matcher(index).matches()) {
                throw HttpError.notFound("no event index " + index);
            }
            return Reply.ok(documents.get(index, call.parameter("id"), "event").view());
        });
    }
}

package io.vigil.elasticsearch.layout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.elasticsearch.Elasticsearch;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * MozDef's index layout in Elasticsearch: the event templates, today's daily index and the aliases
 * {@code events} (today), {@code events-previous} (yesterday) and {@code events-weekly} (the last seven days).
 * Documents are written to their daily index by name, so an alias that lags never loses an event.
 */
public final class EventIndices {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Elasticsearch elasticsearch;

    public EventIndices(Elasticsearch elasticsearch) {
        this.elasticsearch = elasticsearch;
    }

    public void installTemplates() throws IOException {
        elasticsearch.putTemplate("vigil-events", resource("events-template.json"));
        elasticsearch.putTemplate("vigil-events-deadletter", resource("deadletter-template.json"));
    }

    /** Creates the daily index of {@code day} if missing and points the aliases at the days around it. */
    public void rollTo(LocalDate day) throws IOException {
        String today = IndexNames.eventsIndex(day.atStartOfDay(ZoneOffset.UTC).toInstant());
        elasticsearch.ensureIndex(today, null);
        TreeSet<String> existing = new TreeSet<>();
        for (JsonNode index : elasticsearch.ok("GET", "/_cat/indices/events-2*?h=index&format=json", null)) {
            existing.add(index.path("index").asText());
        }
        ArrayNode actions = JsonNodeFactory.instance.arrayNode();
        for (String alias : List.of(IndexNames.EVENTS_ALIAS, IndexNames.EVENTS_PREVIOUS_ALIAS, IndexNames.EVENTS_WEEKLY_ALIAS)) {
            actions.addObject().putObject("remove").put("index", "events-2*").put("alias", alias).put("must_exist", false);
        }
        add(actions, today, IndexNames.EVENTS_ALIAS);
        String yesterday = IndexNames.eventsIndex(day.minusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        if (existing.contains(yesterday)) {
            add(actions, yesterday, IndexNames.EVENTS_PREVIOUS_ALIAS);
        }
        List<String> week = new ArrayList<>();
        for (int back = 0; back < 7; back++) {
            String index = IndexNames.eventsIndex(day.minusDays(back).atStartOfDay(ZoneOffset.UTC).toInstant());
            if (index.equals(today) || existing.contains(index)) {
                week.add(index);
            }
        }
        week.forEach(index -> add(actions, index, IndexNames.EVENTS_WEEKLY_ALIAS));
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("actions", actions);
        elasticsearch.ok("POST", "/_aliases", body);
    }

    private static void add(ArrayNode actions, String index, String alias) {
        actions.addObject().putObject("add").put("index", index).put("alias", alias);
    }

    private static JsonNode resource(String name) throws IOException {
        try (InputStream in = EventIndices.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name);
            }
            return JSON.readTree(in);
        }
    }
}

package io.vigil.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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

    private final URI elasticsearch;
    private final HttpClient http;

    public EventIndices(URI elasticsearch, HttpClient http) {
        this.elasticsearch = elasticsearch;
        this.http = http;
    }

    public void installTemplates() throws IOException, InterruptedException {
        put("/_index_template/vigil-events", resource("events-template.json"));
        put("/_index_template/vigil-events-deadletter", resource("deadletter-template.json"));
    }

    /** Creates the daily index of {@code day} if missing and points the aliases at the days around it. */
    public void rollTo(LocalDate day) throws IOException, InterruptedException {
        String today = IndexNames.eventsIndex(day.atStartOfDay(ZoneOffset.UTC).toInstant());
        HttpResponse<String> created = send(HttpRequest.newBuilder(uri("/" + today)).PUT(HttpRequest.BodyPublishers.noBody()));
        if (created.statusCode() != 200 && !created.body().contains("resource_already_exists_exception")) {
            throw new IOException("cannot create index " + today + ": " + created.statusCode() + " " + created.body());
        }
        TreeSet<String> existing = new TreeSet<>();
        HttpResponse<String> listed = send(HttpRequest.newBuilder(uri("/_cat/indices/events-2*?h=index&format=json")).GET());
        for (JsonNode index : JSON.readTree(listed.body())) {
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
        HttpResponse<String> aliased = send(HttpRequest.newBuilder(uri("/_aliases"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())));
        if (aliased.statusCode() != 200) {
            throw new IOException("cannot move the event aliases: " + aliased.statusCode() + " " + aliased.body());
        }
    }

    private static void add(ArrayNode actions, String index, String alias) {
        actions.addObject().putObject("add").put("index", index).put("alias", alias);
    }

    private void put(String path, byte[] body) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
        if (response.statusCode() != 200) {
            throw new IOException("PUT " + path + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return elasticsearch.resolve(path);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = EventIndices.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name);
            }
            return in.readAllBytes();
        }
    }
}

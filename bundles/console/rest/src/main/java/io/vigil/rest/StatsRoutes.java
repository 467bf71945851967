package io.vigil.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.support.Durations;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/metrics}: what a SOC dashboard shows, from Elasticsearch: events per second by category and source
 * (and over time), alerts by severity, open incidents by phase, and how long alerts wait to be acknowledged and
 * incidents to be closed (median and 90th percentile of the latest thousand).
 */
final class StatsRoutes {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int LATEST = 1000;
    private static final int BUCKETS = 60;

    private final Elastic elastic;
    private final RestConfig config;

    StatsRoutes(Elastic elastic, RestConfig config) {
        this.elastic = elastic;
        this.config = config;
    }

    void register(Api api) {
        api.route("GET", "/api/metrics", Role.VIEWER,
                "Events/s by category and source over window (15m; q narrows the events), alerts by severity over alertWindow (24h), open incidents, time to acknowledge and to close",
                call -> {
                    Duration window = window(call.query("window", "15m"), "window");
                    Duration alertWindow = window(call.query("alertWindow", "24h"), "alertWindow");
                    ObjectNode stats = NODES.objectNode().put("window", call.query("window", "15m")).put("alertWindow", call.query("alertWindow", "24h"));
                    stats.set("events", events(window, call.query("q", "")));
                    stats.set("alerts", alerts(alertWindow));
                    stats.set("incidents", incidents());
                    stats.set("timeToAcknowledge", waits(config.alertsIndex(), "acknowledged", "utctimestamp", "acknowledged"));
                    stats.set("timeToClose", waits(config.incidentsIndex(), "dateClosed", "dateOpened", "dateClosed"));
                    return Reply.ok(stats);
                });
    }

    private static Duration window(String text, String name) {
        Duration window = Durations.of(text);
        if (window == null || window.isZero() || window.isNegative()) {
            throw HttpError.badRequest(name + " is a duration such as 15m, 1h or 7d, not '" + text + "'");
        }
        return window;
    }

    private ObjectNode events(Duration window, String q) throws IOException {
        ObjectNode query = NODES.objectNode().put("size", 0).put("track_total_hits", true);
        ArrayNode filter = query.putObject("query").putObject("bool").putArray("filter");
        filter.addObject().putObject("range").putObject("utctimestamp").put("gte", "now-" + window.toSeconds() + "s");
        if (!q.isBlank()) {
            filter.addObject().putObject("query_string").put("query", q).put("default_operator", "AND").put("lenient", true);
        }
        ObjectNode aggs = query.putObject("aggs");
        aggs.putObject("byCategory").putObject("terms").put("field", "category").put("size", 20);
        aggs.putObject("bySource").putObject("terms").put("field", "source").put("size", 20);
        ObjectNode histogram = aggs.putObject("histogram").putObject("date_histogram").put("field", "utctimestamp")
                .put("fixed_interval", Math.max(1, window.toSeconds() / BUCKETS) + "s").put("min_doc_count", 0);
        Search.bound(histogram, "now-" + window.toSeconds() + "s", "now");
        JsonNode answer = elastic.search(config.eventsIndex(), query);
        double seconds = window.toSeconds();
        long total = answer.path("hits").path("total").path("value").asLong();
        ObjectNode events = NODES.objectNode().put("total", total).put("perSecond", total / seconds);
        events.set("byCategory", buckets(answer.path("aggregations").path("byCategory"), seconds));
        events.set("bySource", buckets(answer.path("aggregations").path("bySource"), seconds));
        events.set("histogram", buckets(answer.path("aggregations").path("histogram"), 0));
        return events;
    }

    private ObjectNode alerts(Duration window) throws IOException {
        ObjectNode query = NODES.objectNode().put("size", 0).put("track_total_hits", true);
        query.putObject("query").putObject("range").putObject("utctimestamp").put("gte", "now-" + window.toSeconds() + "s");
        query.putObject("aggs").putObject("bySeverity").putObject("terms").put("field", "severity").put("size", 20);
        JsonNode answer = elastic.search(config.alertsIndex(), query);
        ObjectNode alerts = NODES.objectNode().put("total", answer.path("hits").path("total").path("value").asLong());
        alerts.set("bySeverity", buckets(answer.path("aggregations").path("bySeverity"), 0));
        return alerts;
    }

    private ObjectNode incidents() throws IOException {
        ObjectNode query = NODES.objectNode().put("size", 0).put("track_total_hits", true);
        query.putObject("query").putObject("bool").putArray("must_not").addObject().putObject("term").put("phase", "Closed");
        query.putObject("aggs").putObject("byPhase").putObject("terms").put("field", "phase").put("size", 20);
        JsonNode answer = elastic.search(config.incidentsIndex(), query);
        ObjectNode incidents = NODES.objectNode().put("open", answer.path("hits").path("total").path("value").asLong());
        incidents.set("byPhase", buckets(answer.path("aggregations").path("byPhase"), 0));
        return incidents;
    }

    /** How long from {@code from} to {@code to} in the latest documents that have {@code present}: median, p90. */
    private ObjectNode waits(String indices, String present, String from, String to) throws IOException {
        ObjectNode query = NODES.objectNode().put("size", LATEST);
        query.putObject("query").putObject("exists").put("field", present);
        query.putArray("sort").addObject().putObject(to).put("order", "desc").put("unmapped_type", "date");
        query.putArray("_source").add(from).add(to);
        List<Double> seconds = new ArrayList<>();
        for (JsonNode hit : elastic.search(indices, query).path("hits").path("hits")) {
            Instant start = Documents.time(hit.path("_source").path(from));
            Instant end = Documents.time(hit.path("_source").path(to));
            if (start != null && end != null && !end.isBefore(start)) {
                seconds.add(Duration.between(start, end).toMillis() / 1000.0);
            }
        }
        seconds.sort(null);
        ObjectNode waits = NODES.objectNode().put("count", seconds.size());
        if (seconds.isEmpty()) {
            waits.putNull("medianSeconds").putNull("p90Seconds");
        } else {
            waits.put("medianSeconds", seconds.get((int) Math.round((seconds.size() - 1) * 0.5)));
            waits.put("p90Seconds", seconds.get((int) Math.round((seconds.size() - 1) * 0.9)));
        }
        return waits;
    }

    /** Buckets as {@code [{key, count}]}, with {@code perSecond} when {@code seconds} is above zero. */
    private static ArrayNode buckets(JsonNode aggregation, double seconds) {
        ArrayNode buckets = NODES.arrayNode();
        aggregation.path("buckets").forEach(bucket -> {
            ObjectNode out = buckets.addObject().put("key", bucket.has("key_as_string") ? bucket.get("key_as_string").asText() : bucket.path("key").asText())
                    .put("count", bucket.path("doc_count").asLong());
            if (seconds > 0) {
                out.put("perSecond", bucket.path("doc_count").asLong() / seconds);
            }
        });
        return buckets;
    }
}

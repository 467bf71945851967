package io.vigil.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.elasticsearch.Answer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Searches as every list of the API pages them: a query string ({@code q}, Lucene syntax as MozDef's and Kibana's),
 * a time range ({@code from}, {@code to}: dates or Elasticsearch date math such as {@code now-1h}), exact-value
 * filters, newest first, {@code size} a page, {@code fields} to select. A page that is full carries {@code next}: send
 * it as {@code after} for the following page, read from the same point in time (search_after over a PIT), so paging
 * neither skips nor repeats while new documents arrive. {@code histogram} (an interval such as {@code 1h}) and
 * {@code facets} (comma-separated fields) add the aggregations charts draw.
 */
final class Search {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEEP_ALIVE = "5m";
    private static final Pattern INTERVAL = Pattern.compile("\\d+[smhd]");
    private static final Pattern FIELD = Pattern.compile("[\\w.@-]+");
    static final int MAX_SIZE = 1000;

    private final Elastic elastic;

    Search(Elastic elastic) {
        this.elastic = elastic;
    }

    /**
     * @param filters exact values a field must have (from the query of the call, by the names the route allows)
     */
    ObjectNode page(Call call, String indices, String timeField, Map<String, String> filters) throws IOException {
        int size = call.query("size", 50, 0, MAX_SIZE);
        ObjectNode body = NODES.objectNode();
        body.put("size", size).put("track_total_hits", true).put("seq_no_primary_term", true);
        ObjectNode bool = body.putObject("query").putObject("bool");
        ArrayNode must = bool.putArray("filter");
        String q = call.query("q", "");
        if (!q.isBlank()) {
            must.addObject().putObject("query_string").put("query", q).put("default_operator", "AND").put("lenient", true);
        }
        String from = call.query("from", "");
        String to = call.query("to", "");
        if (!from.isEmpty() || !to.isEmpty()) {
            ObjectNode range = must.addObject().putObject("range").putObject(timeField);
            if (!from.isEmpty()) {
                range.put("gte", from);
            }
            if (!to.isEmpty()) {
                range.put("lte", to);
            }
        }
        filters.forEach((field, value) -> must.addObject().putObject("term").put(field, value));
        body.putArray("sort").addObject().putObject(timeField).put("order", "desc").put("unmapped_type", "date");
        String fields = call.query("fields", "");
        if (!fields.isEmpty()) {
            ArrayNode includes = body.putObject("_source").putArray("includes");
            for (String field : fields.split(",")) {
                includes.add(field(field, "fields"));
            }
        }
        aggregations(call, body, timeField);
        String pit;
        String after = call.query("after", "");
        if (after.isEmpty()) {
            Answer opened = elastic.send("POST", "/" + indices + "/_pit?keep_alive=" + KEEP_ALIVE + "&ignore_unavailable=true", null);
            if (opened.status() == 404 || opened.ok() && !opened.json().hasNonNull("id")) {
                return empty();
            }
            if (!opened.ok()) {
                throw new IOException("opening a point in time on " + indices + " answered " + opened.status() + ": " + opened.reason());
            }
            pit = opened.json().get("id").asText();
        } else {
            JsonNode cursor = cursor(after);
            pit = cursor.path("pit").asText();
            body.set("search_after", cursor.path("after"));
        }
        body.putObject("pit").put("id", pit).put("keep_alive", KEEP_ALIVE);
        Answer answer = elastic.send("POST", "/_search", body);
        if (answer.status() == 404 && !after.isEmpty()) {
            throw HttpError.badRequest("the paging point has expired (pages live " + KEEP_ALIVE + "); search again without after");
        }
        JsonNode found = Elastic.searched(answer, indices);
        JsonNode hits = found.path("hits").path("hits");
        ObjectNode page = NODES.objectNode().put("total", found.path("hits").path("total").path("value").asLong());
        ArrayNode items = page.putArray("items");
        hits.forEach(hit -> items.add(Documents.found(hit).view()));
        if (size > 0 && hits.size() == size) {
            ObjectNode cursor = NODES.objectNode().put("pit", found.path("pit_id").asText(pit));
            cursor.set("after", hits.get(hits.size() - 1).path("sort"));
            page.put("next", Base64.getUrlEncoder().withoutPadding().encodeToString(cursor.toString().getBytes(StandardCharsets.UTF_8)));
        } else {
            page.putNull("next");
        }
        if (found.has("aggregations")) {
            page.set("aggregations", aggregationsOut(found.get("aggregations")));
        }
        return page;
    }

    private static void aggregations(Call call, ObjectNode body, String timeField) {
        String histogram = call.query("histogram", "");
        String facets = call.query("facets", "");
        if (histogram.isEmpty() && facets.isEmpty()) {
            return;
        }
        ObjectNode aggs = body.putObject("aggs");
        if (!histogram.isEmpty()) {
            if (!INTERVAL.matcher(histogram).matches()) {
                throw HttpError.badRequest("histogram is an interval such as 30s, 5m, 1h or 1d, not '" + histogram + "'");
            }
            ObjectNode dates = aggs.putObject("histogram").putObject("date_histogram").put("field", timeField).put("fixed_interval", histogram).put("min_doc_count", 0);
            String from = call.query("from", "");
            if (!from.isEmpty()) {
                bound(dates, from, call.query("to", "now"));
            }
        }
        for (String facet : facets.isEmpty() ? new String[0] : facets.split(",")) {
            aggs.putObject("facet:" + field(facet, "facets")).putObject("terms").put("field", facet.strip()).put("size", 10);
        }
    }

    /**
     * Makes a date histogram's buckets span [{@code from}, {@code to}], quiet stretches included so a chart's axis does
     * not shrink to where documents were, and nothing past it: one document stamped years ahead (a skewed clock) would
     * otherwise ask for millions of buckets.
     */
    static void bound(ObjectNode dateHistogram, String from, String to) {
        dateHistogram.putObject("extended_bounds").put("min", from).put("max", to);
        dateHistogram.putObject("hard_bounds").put("min", from).put("max", to);
    }

    /** Buckets as {@code [{key, count}]}: histogram under {@code histogram}, each facet under its field. */
    private static ObjectNode aggregationsOut(JsonNode aggregations) {
        ObjectNode out = NODES.objectNode();
        aggregations.fields().forEachRemaining(aggregation -> {
            ArrayNode buckets = NODES.arrayNode();
            aggregation.getValue().path("buckets").forEach(bucket -> buckets.addObject()
                    .put("key", bucket.has("key_as_string") ? bucket.get("key_as_string").asText() : bucket.path("key").asText())
                    .put("count", bucket.path("doc_count").asLong()));
            out.set(aggregation.getKey().startsWith("facet:") ? aggregation.getKey().substring(6) : aggregation.getKey(), buckets);
        });
        return out;
    }

    private static String field(String field, String parameter) {
        String name = field.strip();
        if (!FIELD.matcher(name).matches()) {
            throw HttpError.badRequest(parameter + " holds field names, not '" + name + "'");
        }
        return name;
    }

    private static JsonNode cursor(String after) {
        try {
            JsonNode cursor = JSON.readTree(new String(Base64.getUrlDecoder().decode(after), StandardCharsets.UTF_8));
            if (!cursor.path("pit").isTextual() || !cursor.path("after").isArray()) {
                throw new IllegalArgumentException("not a cursor");
            }
            return cursor;
        } catch (IOException | IllegalArgumentException e) {
            throw HttpError.badRequest("after is the next of a page this API gave, not '" + after + "'");
        }
    }

    private static ObjectNode empty() {
        ObjectNode page = NODES.objectNode().put("total", 0);
        page.putArray("items");
        page.putNull("next");
        return page;
    }
}

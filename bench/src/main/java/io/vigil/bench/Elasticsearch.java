package io.vigil.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/** What the benchmark asks of Elasticsearch: fresh indices, counts, and which numbered events are searchable. */
final class Elasticsearch {

    /** Where Vigil writes events (its daily indices). */
    static final String EVENTS = "events-2*";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;
    private final HttpClient http;

    Elasticsearch(URI url, HttpClient http) {
        this.url = url;
        this.http = http;
    }

    URI url() {
        return url;
    }

    String version() throws IOException {
        // The test distribution has no root endpoint ("GET /"); the node info says the same.
        for (JsonNode node : get("/_nodes/_local?filter_path=nodes.*.version").path("nodes")) {
            return node.path("version").asText();
        }
        return "?";
    }

    /** Deletes {@code pattern}'s indices, so a row starts from nothing (refresh settings come from the same template). */
    void delete(String pattern) throws IOException {
        // Elasticsearch deletes only indices named in full (action.destructive_requires_name).
        // A name that matches nothing is a 404 (an object), a pattern that matches nothing an empty list.
        JsonNode indices = JSON.readTree(send(HttpRequest.newBuilder(url.resolve("/_cat/indices/" + pattern + "?h=index&format=json&expand_wildcards=all"))
                .GET(), 200, 404));
        for (JsonNode index : indices.isArray() ? indices : JSON.createArrayNode()) {
            send(HttpRequest.newBuilder(url.resolve("/" + index.path("index").asText())).DELETE(), 200, 404);
        }
    }

    /** Creates {@code index} with the settings and mappings of Vigil's events template, so the baseline indexes alike. */
    void createLikeEvents(String index) throws IOException {
        JsonNode template = get("/_index_template/vigil-events").path("index_templates").path(0).path("index_template").path("template");
        if (template.isMissingNode()) {
            throw new IOException("Vigil's events template is not installed in " + url + ": is Vigil running against it?");
        }
        ObjectNode body = JSON.createObjectNode();
        body.set("settings", template.path("settings"));
        body.set("mappings", template.path("mappings"));
        send(HttpRequest.newBuilder(url.resolve("/" + index)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))), 200);
    }

    String refreshInterval() throws IOException {
        return get("/_index_template/vigil-events").path("index_templates").path(0).path("index_template")
                .path("template").path("settings").path("index").path("refresh_interval").asText("1s");
    }

    /** Documents searchable now: no forced refresh, so polling costs Elasticsearch no extra segments. */
    long searchableCount(String pattern) throws IOException {
        return get("/" + pattern + "/_count?allow_no_indices=true").path("count").asLong();
    }

    /** Every document written so far, after a refresh. */
    long count(String pattern) throws IOException {
        send(HttpRequest.newBuilder(url.resolve("/" + pattern + "/_refresh?allow_no_indices=true")).POST(HttpRequest.BodyPublishers.noBody()), 200);
        return searchableCount(pattern);
    }

    /** The {@code details.benchseq} values among {@code seqs} that a search finds now (what a user could see). */
    Set<String> searchable(String pattern, Collection<String> seqs) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.put("size", seqs.size()).put("_source", false);
        ArrayNode values = body.putObject("query").putObject("terms").putArray("details.benchseq");
        seqs.forEach(values::add);
        body.putArray("docvalue_fields").add("details.benchseq");
        JsonNode hits = post("/" + pattern + "/_search?allow_no_indices=true&ignore_unavailable=true", body).path("hits").path("hits");
        Set<String> found = new HashSet<>();
        hits.forEach(hit -> found.add(hit.path("fields").path("details.benchseq").path(0).asText()));
        return found;
    }

    /**
     * The {@code benchseq} values among {@code seqs} that an alert names now: alerts on probe events whose host is
     * {@code benchprobe<seq>}, which the alert's summary ends with.
     */
    Set<String> alerted(Collection<String> seqs) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.put("size", 10_000).putArray("_source").add("summary");
        ArrayNode values = body.putObject("query").putObject("terms").putArray("summary");
        seqs.forEach(seq -> values.add(SigmaRows.PROBE_HOST + seq));
        Set<String> found = new HashSet<>();
        for (JsonNode hit : post("/alerts/_search?allow_no_indices=true&ignore_unavailable=true", body).path("hits").path("hits")) {
            java.util.regex.Matcher probe = SigmaRows.PROBE_IN_SUMMARY.matcher(hit.at("/_source/summary").asText());
            if (probe.find()) {
                found.add(probe.group(1));
            }
        }
        return found;
    }

    /** Documents beyond the first of each {@code details.benchseq} value: events stored more than once. */
    long extraCopies(String pattern) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.put("size", 0);
        body.putObject("aggs").putObject("copies").putObject("terms").put("field", "details.benchseq").put("min_doc_count", 2)
                .put("size", 10_000);
        long extra = 0;
        for (JsonNode bucket : post("/" + pattern + "/_search", body).path("aggregations").path("copies").path("buckets")) {
            extra += bucket.path("doc_count").asLong() - 1;
        }
        return extra;
    }

    /** Documents of {@code pattern} without a {@code details.benchseq}: the duplicate count cannot see those. */
    long countUnnumbered(String pattern) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("query").putObject("bool").putArray("must_not").addObject().putObject("exists").put("field", "details.benchseq");
        return post("/" + pattern + "/_count", body).path("count").asLong();
    }

    /** Documents of {@code pattern} carrying {@code tag}. */
    long countTagged(String pattern, String tag) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("query").putObject("term").put("tags", tag);
        return post("/" + pattern + "/_count", body).path("count").asLong();
    }

    private JsonNode get(String path) throws IOException {
        return JSON.readTree(send(HttpRequest.newBuilder(url.resolve(path)).GET(), 200));
    }

    private JsonNode post(String path, JsonNode body) throws IOException {
        return JSON.readTree(send(HttpRequest.newBuilder(url.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))), 200));
    }

    private byte[] send(HttpRequest.Builder request, int... expected) throws IOException {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        for (int status : expected) {
            if (response.statusCode() == status) {
                return response.body();
            }
        }
        throw new IOException(request.build().method() + " " + request.build().uri() + " answered " + response.statusCode() + ": "
                + new String(response.body()));
    }
}

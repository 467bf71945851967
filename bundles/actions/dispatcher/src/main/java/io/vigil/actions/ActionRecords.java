package io.vigil.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.core.ToUtc;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Each action execution as a document of {@code actions-YYYYMM}: what ran on which alert, and how it went. */
class ActionRecords {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyyMM").withZone(ZoneOffset.UTC);

    private final URI elasticsearch;
    private final HttpClient http;

    ActionRecords(URI elasticsearch, HttpClient http) {
        this.elasticsearch = elasticsearch;
        this.http = http;
    }

    /** A stored alert by id, as {@code {_id, _index, _source}}, or {@code null}. */
    JsonNode alert(String id) throws IOException, InterruptedException {
        String query = URLEncoder.encode("_id:\"" + id.replace("\"", "") + "\"", StandardCharsets.UTF_8);
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(elasticsearch.resolve("/alerts/_search?ignore_unavailable=true&q=" + query))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IOException("Elasticsearch answered " + answer.statusCode() + ": " + answer.body());
        }
        JsonNode hit = JSON.readTree(answer.body()).path("hits").path("hits").path(0);
        return hit.isMissingNode() ? null : hit;
    }

    void write(Actions.Outcome outcome, String alertIndex, ObjectNode alert, Instant at) throws IOException, InterruptedException {
        ObjectNode record = JsonNodeFactory.instance.objectNode().put("utctimestamp", ToUtc.isoformat(OffsetDateTime.ofInstant(at, ZoneOffset.UTC)))
                .put("action", outcome.action()).put("outcome", outcome.outcome()).put("attempts", outcome.attempts())
                .put("latency_ms", outcome.latencyMillis());
        record.putObject("alert").put("id", outcome.alertId()).put("index", alertIndex).put("classname", alert.path("classname").asText())
                .put("severity", alert.path("severity").asText()).put("summary", alert.path("summary").asText());
        if (outcome.error() != null) {
            record.put("error", outcome.error());
        }
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(elasticsearch.resolve("/actions-" + MONTH.format(at) + "/_doc?refresh=true"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(record.toString()))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 201) {
            throw new IOException("Elasticsearch answered " + answer.statusCode() + ": " + answer.body());
        }
    }
}

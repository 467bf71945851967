package io.vigil.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.elasticsearch.Answer;
import io.vigil.elasticsearch.Elasticsearch;
import io.vigil.elasticsearch.ElasticsearchException;
import io.vigil.elasticsearch.Query;
import io.vigil.elasticsearch.layout.IndexNames;
import io.vigil.support.ToUtc;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Each action execution as a document of {@code actions-YYYYMM}: what ran on which alert, and how it went. */
class ActionRecords {

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyyMM").withZone(ZoneOffset.UTC);

    private final Elasticsearch elasticsearch;

    ActionRecords(Elasticsearch elasticsearch) {
        this.elasticsearch = elasticsearch;
    }

    /** A stored alert by id, as {@code {_id, _index, _source}}, or {@code null}. */
    JsonNode alert(String id) throws IOException {
        JsonNode hit = elasticsearch.search(List.of("alerts"), Query.search(Query.ids(id), 1)).path("hits").path("hits").path(0);
        return hit.isMissingNode() ? null : hit;
    }

    /** Removes the alert's hand-off marker; one that is not there (an alert handed over before markers, or twice) is gone already. */
    void handedOver(String alertId) throws IOException {
        Answer answer = elasticsearch.send("DELETE", Elasticsearch.path(IndexNames.ACTIONS_PENDING_INDEX, "_doc", alertId), null);
        if (!answer.ok() && answer.status() != 404) {
            throw new ElasticsearchException("DELETE hand-off marker of alert " + alertId, answer);
        }
    }

    void write(Actions.Outcome outcome, String alertIndex, ObjectNode alert, Instant at) throws IOException {
        ObjectNode record = JsonNodeFactory.instance.objectNode().put("utctimestamp", ToUtc.isoformat(OffsetDateTime.ofInstant(at, ZoneOffset.UTC)))
                .put("action", outcome.action()).put("outcome", outcome.outcome()).put("attempts", outcome.attempts())
                .put("latency_ms", outcome.latencyMillis());
        record.putObject("alert").put("id", outcome.alertId()).put("index", alertIndex).put("classname", alert.path("classname").asText())
                .put("severity", alert.path("severity").asText()).put("summary", alert.path("summary").asText());
        if (outcome.error() != null) {
            record.put("error", outcome.error());
        }
        elasticsearch.ok("POST", Elasticsearch.path("actions-" + MONTH.format(at), "_doc") + "?refresh=true", record);
    }
}

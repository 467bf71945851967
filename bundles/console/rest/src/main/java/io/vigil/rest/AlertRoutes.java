package io.vigil.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.actions.Actions;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Alerts as the alert engine stored them ({@code alerts-YYYYMM}), and triage: acknowledge, unacknowledge, assign,
 * escalate to an incident or investigation (which then lists the alert, and the alert points to it). Status values are
 * MozDef's: manual (new), inProgress, acknowledged, escalated.
 */
final class AlertRoutes {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String alerts;
    private final Documents documents;
    private final Search search;
    private final IncidentRoutes incidents;
    private final Map<String, String> escalationIndices;
    private final LiveFeed feed;
    private final Supplier<Actions> actions;
    private final Clock clock;

    /** @param actions the alert actions when deployed, else null */
    AlertRoutes(String alerts, Documents documents, Search search, IncidentRoutes incidents, Map<String, String> escalationIndices, LiveFeed feed,
            Supplier<Actions> actions, Clock clock) {
        this.feed = feed;
        this.actions = actions;
        this.alerts = alerts;
        this.documents = documents;
        this.search = search;
        this.incidents = incidents;
        this.escalationIndices = escalationIndices;
        this.clock = clock;
    }

    void register(Api api) {
        api.route("GET", "/api/alerts", Role.VIEWER, "List alerts, newest first (q, from, to on utctimestamp, severity, category, status, assignee, size, after)",
                call -> Reply.ok(search.page(call, alerts, "utctimestamp", call.filters("severity", "category", "status", "assignee", "classname"))));
        api.route("GET", "/api/alerts/{id}", Role.VIEWER, "One alert, with its events", call -> Reply.ok(documents.get(alerts, call.parameter("id"), "alert").view()));
        api.route("POST", "/api/alerts/{id}/acknowledge", Role.HANDLER, "Acknowledge an alert", call -> Reply.ok(status(call.parameter("id"), "acknowledged", call.userName()).view()));
        api.route("POST", "/api/alerts/{id}/unacknowledge", Role.HANDLER, "Take an acknowledgement back (status manual)",
                call -> Reply.ok(status(call.parameter("id"), "manual", call.userName()).view()));
        api.route("POST", "/api/alerts/{id}/assign", Role.HANDLER, "Assign an alert ({\"assignee\": name}, null to unassign)", call -> {
            JsonNode assignee = call.object().path("assignee");
            if (!assignee.isTextual() && !assignee.isNull()) {
                throw HttpError.badRequest("assignee must be a name, or null to unassign");
            }
            return Reply.ok(published(documents.change(alerts, call.parameter("id"), "alert", alert -> assignee.isNull() ? removed(alert, "assignee")
                    : alert.put("assignee", assignee.asText()))).view());
        });
        api.route("POST", "/api/alerts/{id}/replay", Role.ADMIN, "Run a stored alert through the actions that select it again (after fixing a webhook, say); what each did", this::replay);
        api.route("POST", "/api/alerts/{id}/escalate", Role.HANDLER, "Escalate an alert to a new incident or investigation ({\"to\": \"incident\"|\"investigation\", \"summary\"?})",
                call -> {
                    JsonNode sent = call.object();
                    String kind = sent.path("to").asText("incident");
                    String index = escalationIndices.get(kind);
                    if (index == null) {
                        throw HttpError.badRequest("to is incident or investigation, not '" + kind + "'");
                    }
                    Documents.Found alert = documents.get(alerts, call.parameter("id"), "alert");
                    ObjectNode opened = NODES.objectNode().put("summary", sent.path("summary").asText(alert.source().path("summary").asText("alert " + alert.id())));
                    opened.putArray("alerts").add(alert.id());
                    if (sent.has("description")) {
                        opened.set("description", sent.get("description"));
                    }
                    Documents.Found made = incidents.create(index, opened, call.userName());
                    published(documents.change(alerts, alert.id(), "alert", source -> {
                        source.put("status", "escalated");
                        source.putObject("escalation").put("kind", kind).put("id", made.id()).put("by", call.userName()).put("date", clock.instant().toString());
                        return source;
                    }));
                    return Reply.json(201, made.view()).with("Location", "/api/" + kind + "s/" + made.id());
                });
    }

    /** Runs a stored alert through its actions again (after fixing a webhook, say): what each did. */
    private Reply replay(Call call) throws IOException {
        Actions deployed = actions.get();
        if (deployed == null) {
            throw new HttpError(503, "no alert actions are deployed (feature vigil-actions)");
        }
        String id = call.parameter("id");
        // The alert as this API finds it (in any alerts-* index), handed over whole: the actions' own replay looks
        // in the alias alerts, which may not cover an older or restored month.
        Documents.Found alert = documents.get(alerts, id, "alert");
        List<Actions.Outcome> outcomes;
        try {
            outcomes = deployed.dispatch(alert.id(), alert.index(), alert.source());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        ArrayNode list = NODES.arrayNode();
        outcomes.forEach(outcome -> list.addObject().put("action", outcome.action()).put("outcome", outcome.outcome()).put("attempts", outcome.attempts())
                .put("latencyMillis", outcome.latencyMillis()).put("error", outcome.error()));
        return Reply.ok(NODES.objectNode().put("alert", id).set("actions", list));
    }

    /** MozDef's triage statuses; acknowledged records who and when. */
    Documents.Found status(String id, String status, String by) throws IOException {
        return published(documents.change(alerts, id, "alert", alert -> {
            alert.put("status", status);
            if (status.equals("manual")) {
                removed(alert, "acknowledged");
                removed(alert, "acknowledgedby");
            } else {
                alert.put("acknowledged", clock.instant().toString());
                alert.put("acknowledgedby", by);
            }
            return alert;
        }));
    }

    /** A changed alert, told to the live streams. */
    Documents.Found published(Documents.Found alert) {
        feed.publish("alert", alert.view());
        return alert;
    }

    private static ObjectNode removed(ObjectNode node, String field) {
        node.remove(field);
        return node;
    }
}

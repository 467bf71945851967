package io.vigil.action.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.alert.Alert;
import java.util.Locale;

/**
 * The bodies the chat and paging services take: a Slack incoming webhook's {@code {"text"}}, a Microsoft Teams
 * connector's MessageCard, a PagerDuty Events API v2 trigger (dedup key: the alert's id).
 */
final class Formats {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** PagerDuty's summary limit. */
    private static final int PAGERDUTY_SUMMARY = 1024;

    private Formats() {
    }

    /** "[WARNING] summary (category, rule) url (+N more held back)", one line for people. */
    static String line(Alert alert) {
        JsonNode source = alert.document();
        StringBuilder line = new StringBuilder("[").append(source.path("severity").asText("NOTICE")).append("] ").append(source.path("summary").asText());
        line.append(" (").append(source.path("category").asText()).append(", ").append(source.path("classname").asText()).append(')');
        if (source.hasNonNull("url")) {
            line.append(' ').append(source.path("url").asText());
        }
        long folded = source.path("details").path("folded").asLong(0);
        if (folded > 0) {
            line.append(" (+").append(folded).append(" more of this rule held back)");
        }
        return line.toString();
    }

    /**
     * Slack's text with its three control characters escaped, as Slack asks: a summary made from an event is the
     * attacker's text, and {@code <!channel>} or {@code <https://x|a link>} in it would page everyone or disguise a link.
     */
    static ObjectNode slack(Alert alert) {
        return NODES.objectNode().put("text", html(line(alert)));
    }

    /** Teams renders HTML and markdown in a card's text: both escaped, so an event's text shows as written. */
    static ObjectNode teams(Alert alert) {
        JsonNode source = alert.document();
        return NODES.objectNode().put("@type", "MessageCard").put("@context", "https://schema.org/extensions")
                .put("summary", source.path("summary").asText()).put("themeColor", color(source.path("severity").asText()))
                .put("title", "Vigil alert: " + markdown(html(source.path("category").asText()))).put("text", markdown(html(line(alert))));
    }

    private static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String markdown(String text) {
        return text.replaceAll("([\\\\`*_\\[\\]()#~|!])", "\\\\$1");
    }

    static ObjectNode pagerduty(Alert alert, String routingKey) {
        JsonNode source = alert.document();
        ObjectNode event = NODES.objectNode().put("routing_key", routingKey).put("event_action", "trigger").put("dedup_key", alert.id());
        String summary = line(alert);
        ObjectNode payload = event.putObject("payload").put("summary", summary.length() > PAGERDUTY_SUMMARY ? summary.substring(0, PAGERDUTY_SUMMARY) : summary)
                .put("source", "vigil").put("severity", pagerdutySeverity(source.path("severity").asText()))
                .put("timestamp", source.path("utctimestamp").asText()).put("component", source.path("classname").asText())
                .put("group", source.path("category").asText()).put("class", source.path("category").asText());
        ObjectNode custom = payload.putObject("custom_details").put("alert_id", alert.id()).put("alert_index", alert.index());
        custom.set("tags", source.path("tags"));
        if (source.has("details")) {
            custom.set("details", source.path("details"));
        }
        if (source.hasNonNull("url")) {
            event.putArray("links").addObject().put("href", source.path("url").asText()).put("text", "runbook");
        }
        return event;
    }

    /** Events API v2 severities: critical, error, warning, info. */
    static String pagerdutySeverity(String severity) {
        return switch (severity.toUpperCase(Locale.ROOT)) {
            case "CRITICAL", "ALERT", "EMERGENCY" -> "critical";
            case "ERROR" -> "error";
            case "WARNING" -> "warning";
            default -> "info";
        };
    }

    private static String color(String severity) {
        return switch (pagerdutySeverity(severity)) {
            case "critical" -> "B00020";
            case "error" -> "E53935";
            case "warning" -> "FB8C00";
            default -> "1E88E5";
        };
    }
}

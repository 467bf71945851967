package io.vigil.sigma;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.support.ToUtc;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A Sigma match as a MozDef alert: the rule's title and the event's host as summary, its {@code level} as severity,
 * its tags (ATT&CK ids kept) beside {@code sigma}, the event, and the rule's id, author and references in
 * {@code details.sigma}, which the Detection Rule License asks of whoever shares messages made from its rules. Its id
 * is made from the rule and the event, so looking at an event again raises nothing twice.
 */
final class SigmaAlerts {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Map<String, String> SEVERITIES = Map.of("informational", "INFO", "low", "NOTICE", "medium", "WARNING", "high", "ERROR",
            "critical", "CRITICAL");
    private static final Set<String> QUIET = Set.of("INFO", "NOTICE");
    static final int MAX_EVENTS = 100;

    private SigmaAlerts() {
    }

    /** The alert's id: the same for the same rule and event, whoever raises it. */
    static String id(SigmaRule rule, String index, String eventId) {
        return digest((rule.id() != null ? rule.id() : rule.file()) + "\n" + index + "\n" + eventId);
    }

    static String digest(String key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return "sigma-" + HexFormat.of().formatHex(sha.digest(key.getBytes(StandardCharsets.UTF_8))).substring(0, 40);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java", e);
        }
    }

    /** MozDef's alert fields every Sigma alert has. */
    private static ObjectNode base(String level, String summary, List<String> ruleTags, Instant now) {
        ObjectNode alert = NODES.objectNode();
        String severity = SEVERITIES.getOrDefault(level == null ? "" : level.toLowerCase(Locale.ROOT), "WARNING");
        alert.put("utctimestamp", ToUtc.isoformat(now.atOffset(ZoneOffset.UTC)));
        alert.put("severity", severity);
        alert.put("summary", summary);
        alert.put("category", "sigma");
        ArrayNode tags = alert.putArray("tags");
        tags.add("sigma");
        ruleTags.forEach(tags::add);
        alert.putNull("channel");
        alert.put("notify_mozdefbot", !QUIET.contains(severity));
        alert.put("status", "manual");
        alert.put("classname", "sigma");
        return alert;
    }

    /** {@code details.sigma}: what the rule says of itself, which the Detection Rule License asks to keep with its alerts. */
    private static ObjectNode details(ObjectNode alert, String id, String title, String level, String status, String author, List<String> references,
            String file) {
        ObjectNode sigma = alert.putObject("details").putObject("sigma");
        sigma.put("id", id).put("title", title).put("level", level).put("status", status).put("author", author);
        ArrayNode list = sigma.putArray("references");
        references.forEach(list::add);
        sigma.put("file", file);
        return sigma;
    }

    /** A correlation's alert id: the same for the same correlation, group and first match, whoever raises it. */
    static String id(Correlations.Fired fired) {
        Correlations.Match first = fired.matches().get(0);
        return digest(fired.rule().key() + "\n" + String.join("\u0000", fired.group()) + "\n" + first.index() + "\n" + first.id());
    }

    /** A correlation that fired: its title and group as summary, the events that made it (the last 100). */
    static ObjectNode alert(Correlations.Fired fired, Instant now) {
        CorrelationRule rule = fired.rule();
        List<Correlations.Match> matches = fired.matches();
        StringBuilder group = new StringBuilder();
        for (int i = 0; i < rule.groupBy().size(); i++) {
            group.append(i == 0 ? "" : ", ").append(rule.groupBy().get(i)).append('=').append(fired.group().get(i));
        }
        ObjectNode alert = base(rule.level(), "Sigma correlation: " + rule.title() + " (" + matches.size() + " events" + (group.isEmpty() ? "" : ", " + group)
                + ")", rule.tags(), now);
        alert.withArray("tags").add("correlation");
        ArrayNode events = alert.putArray("events");
        for (Correlations.Match match : matches.subList(Math.max(0, matches.size() - MAX_EVENTS), matches.size())) {
            events.addObject().put("documentindex", match.index()).put("documentid", match.id()).set("documentsource", match.event());
        }
        ObjectNode sigma = details(alert, rule.id(), rule.title(), rule.level(), rule.status(), rule.author(), rule.references(), rule.file());
        sigma.put("type", rule.type()).put("timespan", rule.timespan().toString()).put("condition", rule.conditionText());
        ObjectNode groupBy = sigma.putObject("group");
        for (int i = 0; i < rule.groupBy().size(); i++) {
            groupBy.put(rule.groupBy().get(i), fired.group().get(i));
        }
        return alert;
    }

    static ObjectNode alert(SigmaRule rule, String index, String eventId, ObjectNode event, Instant now) {
        String host = event.path("hostname").asText("");
        ObjectNode alert = base(rule.level(), "Sigma: " + rule.title() + (host.isEmpty() ? "" : " on " + host), rule.tags(), now);
        ObjectNode document = alert.putArray("events").addObject();
        document.put("documentindex", index);
        document.set("documentsource", event);
        document.put("documentid", eventId);
        details(alert, rule.id(), rule.title(), rule.level(), rule.status(), rule.author(), rule.references(), rule.file());
        return alert;
    }
}

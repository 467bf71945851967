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

    private SigmaAlerts() {
    }

    /** The alert's id: the same for the same rule and event, whoever raises it. */
    static String id(SigmaRule rule, String index, String eventId) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String key = (rule.id() != null ? rule.id() : rule.file()) + "\n" + index + "\n" + eventId;
            return "sigma-" + HexFormat.of().formatHex(sha.digest(key.getBytes(StandardCharsets.UTF_8))).substring(0, 40);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java", e);
        }
    }

    static ObjectNode alert(SigmaRule rule, String index, String eventId, ObjectNode event, Instant now) {
        ObjectNode alert = NODES.objectNode();
        String severity = SEVERITIES.getOrDefault(rule.level() == null ? "" : rule.level().toLowerCase(Locale.ROOT), "WARNING");
        alert.put("utctimestamp", ToUtc.isoformat(now.atOffset(ZoneOffset.UTC)));
        alert.put("severity", severity);
        String host = event.path("hostname").asText("");
        alert.put("summary", "Sigma: " + rule.title() + (host.isEmpty() ? "" : " on " + host));
        alert.put("category", "sigma");
        ArrayNode tags = alert.putArray("tags");
        tags.add("sigma");
        rule.tags().forEach(tags::add);
        ObjectNode document = alert.putArray("events").addObject();
        document.put("documentindex", index);
        document.set("documentsource", event);
        document.put("documentid", eventId);
        alert.putNull("channel");
        alert.put("notify_mozdefbot", !QUIET.contains(severity));
        alert.put("status", "manual");
        alert.put("classname", "sigma");
        ObjectNode sigma = alert.putObject("details").putObject("sigma");
        sigma.put("id", rule.id());
        sigma.put("title", rule.title());
        sigma.put("level", rule.level());
        sigma.put("status", rule.status());
        sigma.put("author", rule.author());
        ArrayNode references = sigma.putArray("references");
        rule.references().forEach(references::add);
        sigma.put("file", rule.file());
        return alert;
    }
}

package io.vigil.plugin.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.Event;
import io.vigil.api.EventPlugin;
import io.vigil.api.Metadata;
import io.vigil.support.Fields;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.osgi.service.component.annotations.Component;

/**
 * MozDef's {@code stackdriver}: a GCP LogEntry from Pub/Sub (tagged {@code pubsub}, the entry in {@code details})
 * gets its category from the log name (audit logs: {@code activity}, {@code data_access}; {@code gceactivity};
 * {@code syslog}), source stackdriver and tag stackdriver, and its own timestamp, for the plugins after it.
 */
@Component(property = {
    EventPlugin.NAME + "=stackdriver",
    EventPlugin.REGISTRATION + "=pubsub",
    EventPlugin.PRIORITY + ":Integer=5",
    EventPlugin.DESCRIPTION + "=GCP log entries from Pub/Sub: category from the log name, source and tag stackdriver"
})
public class Stackdriver implements EventPlugin {

    private static final String AUDIT_LOG = "type.googleapis.com/google.cloud.audit.AuditLog";

    @Override
    public boolean process(Event event, Metadata metadata) {
        ObjectNode message = event.document();
        JsonNode entry = message.get("details");
        if (!Fields.hasTag(message.get("tags"), "pubsub") || entry == null || !entry.has("logName")) {
            return true;
        }
        String[] path = URLDecoder.decode(entry.get("logName").asText().replace("+", "%2B"), StandardCharsets.UTF_8).split("/", -1);
        String log = path[path.length - 1].trim();
        ObjectNode gcp = JsonNodeFactory.instance.objectNode();
        String category = null;
        if (entry.has("protoPayload")) {
            category = AUDIT_LOG.equals(Fields.text(entry.get("protoPayload"), "@type")) ? log : null;
        } else if (entry.has("jsonPayload")) {
            category = "activity_log".equals(log) ? "gceactivity" : null;
        } else if (entry.has("textPayload")) {
            category = "syslog".equals(log) ? log : null;
        }
        if (category != null) {
            gcp.put("category", category);
            gcp.put("source", "stackdriver");
            ArrayNode tags = gcp.putArray("tags");
            JsonNode received = message.get("tags");
            if (received.isArray()) {
                tags.addAll((ArrayNode) received);
            } else {
                tags.add(received);
            }
            tags.add("stackdriver");
        }
        GcpEvents.timestamps(message, entry, gcp);
        gcp.set("customendpoint", gcp.textNode(""));
        gcp.set("details", entry);
        message.removeAll();
        message.setAll(gcp);
        return true;
    }
}

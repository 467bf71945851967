package io.vigil.plugin.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.support.RejectedEventException;
import io.vigil.support.ToUtc;
import io.vigil.support.Fields;
import java.time.Clock;

/** What the Stackdriver plugins share: the log entry's timestamps, and the event they rebuild. */
final class GcpEvents {

    private static final Clock CLOCK = Clock.systemUTC();

    private GcpEvents() {
    }

    /** receivedtimestamp and mozdefhostname from the event, timestamp/utctimestamp from the log entry. */
    static void timestamps(ObjectNode message, JsonNode entry, ObjectNode target) {
        target.put("receivedtimestamp", iso(message.get("receivedtimestamp")));
        String timestamp = iso(entry.get("timestamp"));
        target.put("timestamp", timestamp);
        target.put("utctimestamp", timestamp);
        if (message.has("mozdefhostname")) {
            target.set("mozdefhostname", message.get("mozdefhostname"));
        }
    }

    /** The event rebuilt around its log entry: timestamps, category, tags, source, empty customendpoint. */
    static ObjectNode rebuilt(ObjectNode message) {
        ObjectNode event = message.objectNode();
        timestamps(message, message.get("details"), event);
        event.set("category", message.get("category"));
        event.set("tags", message.get("tags"));
        if (message.has("source")) {
            event.set("source", message.get("source"));
        }
        event.put("customendpoint", "");
        return event;
    }

    /** Whether the event is one of {@code categories}, tagged stackdriver by the stackdriver plugin. */
    static boolean isStackdriver(ObjectNode message, String... categories) {
        if (!Fields.hasTag(message.get("tags"), "stackdriver") || !message.has("details")) {
            return false;
        }
        String category = Fields.text(message, "category");
        for (String wanted : categories) {
            if (wanted.equals(category)) {
                return true;
            }
        }
        return false;
    }

    private static String iso(JsonNode value) {
        if (value == null) {
            return ToUtc.now(CLOCK);
        }
        try {
            return ToUtc.isoformat(ToUtc.parse(value, CLOCK));
        } catch (RejectedEventException e) {
            throw new IllegalArgumentException("GCP log entry time " + value + " unreadable", e);
        }
    }
}

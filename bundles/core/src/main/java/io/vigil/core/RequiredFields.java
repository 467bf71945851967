package io.vigil.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.support.ToUtc;
import java.time.Clock;
import java.util.List;

/**
 * MozDef's {@code Event.add_required_fields}, applied just before indexing: every event has the fields alerts
 * and the console rely on, {@code UNKNOWN} where the source said nothing. Existing values are never changed.
 */
public final class RequiredFields {

    public static final String UNKNOWN = "UNKNOWN";

    private static final List<String> DEFAULT_STRINGS =
            List.of("category", "hostname", "processid", "processname", "severity", "source", "summary");

    private final String mozdefHostname;
    private final Clock clock;

    public RequiredFields(String mozdefHostname, Clock clock) {
        this.mozdefHostname = mozdefHostname;
        this.clock = clock;
    }

    public ObjectNode addTo(ObjectNode event) {
        String now = null;
        for (String time : List.of("receivedtimestamp", "utctimestamp", "timestamp")) {
            if (!event.has(time)) {
                now = now == null ? ToUtc.now(clock) : now;
                event.put(time, now);
            }
        }
        if (!event.has("mozdefhostname")) {
            event.put("mozdefhostname", mozdefHostname);
        }
        if (!event.has("tags")) {
            event.putArray("tags");
        }
        for (String field : DEFAULT_STRINGS) {
            if (!event.has(field)) {
                event.put(field, UNKNOWN);
            }
        }
        if (!event.has("details")) {
            event.putObject("details");
        }
        if (!event.has("type")) {
            event.put("type", "event");
        }
        if (!event.has("mozdef")) {
            event.putObject("mozdef").putArray("plugins");
        }
        return event;
    }
}

package io.vigil.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;

/**
 * Windows events as winlogbeat sends them (through an Elasticsearch output pointed at Vigil's {@code /_bulk}): the
 * event log's record under {@code winlog} (ECS), which MozDef's key mapping knows nothing of and would drop whole. Laid
 * out as nxlog's Windows events are, so one Sigma mapping serves both: every field of {@code event_data} and
 * {@code user_data} in {@code details} under its lower-cased name, as are {@code winlog}'s own fields
 * ({@code channel}, {@code provider_name}, {@code record_id}…), with {@code event_id} as {@code eventid} (a number, as
 * nxlog sends it) and {@code computer_name} as {@code computer}; {@code winlog}'s objects (the logging process, the
 * user's SID) under {@code winlog_<name>}, so that they never take the place of an event data field of the same name.
 */
final class WinlogbeatEvents {

    private WinlogbeatEvents() {
    }

    static boolean is(JsonNode winlog) {
        return winlog.isObject() && (winlog.has("channel") || winlog.has("event_data"));
    }

    static void layOut(JsonNode winlog, ObjectNode out, ObjectNode details) {
        for (Map.Entry<String, JsonNode> field : winlog.properties()) {
            String name = field.getKey().toLowerCase(Locale.ROOT);
            JsonNode value = field.getValue();
            switch (name) {
                case "event_data", "user_data" -> {
                    // last: an event's own data is what rules read
                }
                case "event_id" -> details.set("eventid", number(value));
                case "computer_name" -> {
                    details.set("computer", value);
                    if (!out.has("hostname") && value.isTextual()) {
                        out.put("hostname", value.textValue());
                    }
                }
                default -> details.set(value.isObject() ? "winlog_" + name : name, value);
            }
        }
        for (String data : new String[] {"event_data", "user_data"}) {
            for (Map.Entry<String, JsonNode> field : winlog.path(data).properties()) {
                details.set(field.getKey().toLowerCase(Locale.ROOT), field.getValue());
            }
        }
    }

    /** winlogbeat 8 sends event ids as text ("4625"): as a number, as nxlog and evtx converters give them. */
    private static JsonNode number(JsonNode value) {
        if (value.isTextual() && value.textValue().matches("\\d{1,9}")) {
            return IntNode.valueOf(Integer.parseInt(value.textValue()));
        }
        return value;
    }
}

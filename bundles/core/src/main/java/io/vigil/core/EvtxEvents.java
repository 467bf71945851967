package io.vigil.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.support.RejectedEventException;
import io.vigil.support.ToUtc;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Windows events in the shape evtx converters write, {@code {"Event":{"System":…,"EventData":…}}}, laid out as nxlog's
 * Windows events are: MozDef's key mapping knows no key {@code Event} and would drop the event's whole content. Every
 * field of {@code System} and {@code EventData} (or {@code UserData}) goes into {@code details} under its lower-cased
 * name, as nxlog's do; the XML attributes of {@code System} are named as Sigma names them, element and attribute
 * joined by an underscore ({@code provider_name}, {@code execution_processid}); the host and time come from
 * {@code Computer} and {@code TimeCreated}.
 */
final class EvtxEvents {

    private static final String ATTRIBUTES = "#attributes";
    private static final String TEXT = "#text";

    private EvtxEvents() {
    }

    static boolean is(JsonNode event) {
        return event.path("System").isObject();
    }

    static void layOut(JsonNode event, ObjectNode out, ObjectNode details, Clock clock) throws RejectedEventException {
        JsonNode system = event.path("System");
        for (Map.Entry<String, JsonNode> field : system.properties()) {
            element(field.getKey(), field.getValue(), details);
        }
        data(event.path("EventData"), details);
        for (JsonNode user : event.path("UserData")) {
            data(user, details);
        }
        JsonNode computer = system.path("Computer");
        if (computer.isTextual()) {
            out.put("hostname", computer.textValue());
        }
        JsonNode created = system.path("TimeCreated").path(ATTRIBUTES).path("SystemTime");
        if (created.isTextual()) {
            String time = ToUtc.isoformat(ToUtc.parse(created, clock));
            out.put("utctimestamp", time);
            out.put("timestamp", time);
        }
    }

    /** A System element: its text, or each of its attributes as {@code element_attribute}. */
    private static void element(String name, JsonNode value, ObjectNode details) {
        if (!value.isObject()) {
            details.set(lower(name), value);
            return;
        }
        for (Map.Entry<String, JsonNode> attribute : value.path(ATTRIBUTES).properties()) {
            details.set(lower(name + "_" + attribute.getKey()), attribute.getValue());
        }
        if (value.has(TEXT)) {
            details.set(lower(name), value.get(TEXT));
        }
    }

    /** EventData as a map of names to values, or as the XML's list of {@code Data} elements named by attribute. */
    private static void data(JsonNode data, ObjectNode details) {
        for (Map.Entry<String, JsonNode> field : data.properties()) {
            if (field.getKey().equals(ATTRIBUTES)) {
                continue;
            }
            if (field.getKey().equals("Data") && (field.getValue().isArray() || field.getValue().has(ATTRIBUTES))) {
                for (JsonNode item : field.getValue().isArray() ? field.getValue() : List.of(field.getValue())) {
                    String name = item.path(ATTRIBUTES).path("Name").asText("");
                    if (!name.isEmpty()) {
                        details.set(lower(name), item.has(TEXT) ? item.get(TEXT) : item.path("value"));
                    }
                }
            } else {
                details.set(lower(field.getKey()), field.getValue());
            }
        }
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}

package io.vigil.plugin.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.Event;
import io.vigil.api.EventPlugin;
import io.vigil.api.Metadata;
import io.vigil.support.Fields;
import io.vigil.support.MappingTables;
import java.util.Iterator;
import java.util.Map;

/**
 * A Stackdriver log entry of some categories, its payload moved to a field of its own, fields filled from a mapping
 * table section (one per category), and a summary "{user} executed {action} on {resource}".
 */
abstract class MappedLogEntry implements EventPlugin {

    private static final String UNKNOWN = "UNKNOWN";

    private final ObjectNode mapping;
    private final String payload;
    private final String movedTo;
    private final String[] categories;

    MappedLogEntry(JsonNode table, String payload, String movedTo, String... categories) {
        this.mapping = withoutDetailsPrefix(table);
        this.payload = payload;
        this.movedTo = movedTo;
        this.categories = categories.clone();
    }

    /** Changes the entry's details before they are mapped. */
    abstract void prepare(ObjectNode details);

    @Override
    public boolean process(Event event, Metadata metadata) {
        ObjectNode message = event.document();
        if (!GcpEvents.isStackdriver(message, categories) || !(message.get("details") instanceof ObjectNode details)
                || !details.has(payload)) {
            return true;
        }
        ObjectNode rebuilt = GcpEvents.rebuilt(message);
        details.set(movedTo, details.remove(payload));
        prepare(details);
        details.put("username", UNKNOWN);
        details.put("resourcename", UNKNOWN);
        rebuilt.set("details", details);
        JsonNode section = mapping.get(Fields.text(message, "category"));
        if (section != null && section.isObject()) {
            MappingTables.apply(section, rebuilt, details);
        }
        rebuilt.put("summary", text(details, "username") + " executed " + text(details, "action") + " on " + text(details, "resourcename"));
        message.removeAll();
        message.setAll(rebuilt);
        return true;
    }

    private static String text(ObjectNode details, String field) {
        return details.has(field) ? Fields.pythonStr(details.get(field)) : UNKNOWN;
    }

    /** MozDef's tables name the fields {@code details.username} in some versions and {@code username} in others. */
    private static ObjectNode withoutDetailsPrefix(JsonNode table) {
        ObjectNode normalised = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> sections = table.fields(); sections.hasNext();) {
            Map.Entry<String, JsonNode> section = sections.next();
            ObjectNode fields = normalised.putObject(section.getKey());
            section.getValue().fields().forEachRemaining(field -> fields.set(field.getKey().replaceFirst("^details\\.", ""), field.getValue()));
        }
        return normalised;
    }
}

package io.vigil.plugin.misc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.Event;
import io.vigil.api.EventPlugin;
import io.vigil.api.Metadata;
import io.vigil.plugin.support.Fields;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/** MozDef's {@code remove_dots}: Elasticsearch reads a dot in a field name as an object path, so keys that start or
 * end with one (S3 object names such as {@code .ds_store}) lose their dots. */
@Component(property = {
    EventPlugin.NAME + "=remove_dots",
    EventPlugin.REGISTRATION + "=cloudtrail",
    EventPlugin.PRIORITY + ":Integer=5",
    EventPlugin.DESCRIPTION + "=dots removed from keys that start or end with one"
})
public class RemoveDots implements EventPlugin {

    @Override
    public boolean process(Event event, Metadata metadata) {
        clean(event.document());
        return true;
    }

    private static void clean(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Map<String, JsonNode> fields = new LinkedHashMap<>();
            object.properties().forEach(field -> {
                String key = field.getKey();
                boolean edgeDot = !key.isEmpty() && (key.charAt(0) == '.' || key.charAt(key.length() - 1) == '.');
                fields.put(edgeDot ? key.replace(".", "") : key, field.getValue());
            });
            object.removeAll();
            fields.forEach((key, value) -> {
                clean(value);
                object.set(key, value);
            });
        } else if (node != null && node.isArray()) {
            node.forEach(RemoveDots::clean);
        }
    }
}

package io.vigil.plugin.misc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.Event;
import io.vigil.api.EventPlugin;
import io.vigil.api.Metadata;
import io.vigil.plugin.support.Fields;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/** MozDef's {@code lower_keys}: sources that send CamelCase keys get them lower-cased at any depth, so one mapping serves all. */
@Component(property = {
    EventPlugin.NAME + "=lower_keys",
    EventPlugin.REGISTRATION + "=cloudtrail",
    EventPlugin.REGISTRATION + "=suricata",
    EventPlugin.REGISTRATION + "=guardduty",
    EventPlugin.PRIORITY + ":Integer=4",
    EventPlugin.DESCRIPTION + "=every key lower-cased, at any depth"
})
public class LowerKeys implements EventPlugin {

    @Override
    public boolean process(Event event, Metadata metadata) {
        lower(event.document());
        return true;
    }

    private static void lower(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Map<String, JsonNode> fields = new LinkedHashMap<>();
            object.properties().forEach(field -> fields.put(field.getKey().toLowerCase(Locale.ROOT), field.getValue()));
            object.removeAll();
            fields.forEach((key, value) -> {
                lower(value);
                object.set(key, value);
            });
        } else if (node != null && node.isArray()) {
            node.forEach(LowerKeys::lower);
        }
    }
}

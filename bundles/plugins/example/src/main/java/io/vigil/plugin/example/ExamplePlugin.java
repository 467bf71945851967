package io.vigil.plugin.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.vigil.api.Event;
import io.vigil.api.EventPlugin;
import io.vigil.api.Metadata;
import org.osgi.service.component.annotations.Component;

/**
 * Tags every event it sees with {@code example-plugin}. Drop the jar into {@code deploy/} and it runs for the next
 * event; remove it and it stops, without a restart.
 */
@Component(property = {
    EventPlugin.NAME + "=example",
    EventPlugin.REGISTRATION + "=*",
    EventPlugin.PRIORITY + ":Integer=50"
})
public class ExamplePlugin implements EventPlugin {

    static final String TAG = "example-plugin";

    @Override
    public boolean process(Event event, Metadata metadata) {
        JsonNode tags = event.document().path("tags");
        ArrayNode list = tags.isArray() ? (ArrayNode) tags : event.document().putArray("tags");
        list.add(TAG);
        return true;
    }
}

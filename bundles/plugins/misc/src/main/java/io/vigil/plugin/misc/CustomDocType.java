package io.vigil.plugin.misc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.Event;
import io.vigil.api.EventPlugin;
import io.vigil.api.Metadata;
import io.vigil.support.Fields;
import org.osgi.service.component.annotations.Component;

/** MozDef's {@code customDocType}: events posted to a custom endpoint are typed by the endpoint's name. */
@Component(property = {
    EventPlugin.NAME + "=customDocType",
    EventPlugin.REGISTRATION + "=customendpoint",
    EventPlugin.PRIORITY + ":Integer=2",
    EventPlugin.DESCRIPTION + "=custom endpoint events: type from the endpoint name"
})
public class CustomDocType implements EventPlugin {

    @Override
    public boolean process(Event event, Metadata metadata) {
        ObjectNode document = event.document();
        String endpoint = Fields.text(document, "endpoint");
        if (endpoint != null && Fields.truthy(document.get("customendpoint"))) {
            document.put("type", endpoint);
        }
        return true;
    }
}

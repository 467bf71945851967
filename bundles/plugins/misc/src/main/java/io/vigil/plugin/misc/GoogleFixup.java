package io.vigil.plugin.misc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.Event;
import io.vigil.api.EventPlugin;
import io.vigil.api.Metadata;
import io.vigil.support.Fields;
import org.osgi.service.component.annotations.Component;

/** MozDef's {@code googleFixup}: Google admin reports activity events lose the quotes around their etag and are typed google. */
@Component(property = {
    EventPlugin.NAME + "=googleFixup",
    EventPlugin.REGISTRATION + "=google",
    EventPlugin.PRIORITY + ":Integer=5",
    EventPlugin.DESCRIPTION + "=Google admin activity: etag unquoted, type google"
})
public class GoogleFixup implements EventPlugin {

    @Override
    public boolean process(Event event, Metadata metadata) {
        ObjectNode document = event.document();
        ObjectNode details = Fields.details(document);
        String kind = Fields.text(details, "kind");
        if (kind != null && kind.contains("activity")) {
            String etag = Fields.text(details, "etag");
            if (etag != null) {
                details.put("etag", etag.replace("\"", ""));
            }
            document.put("type", "google");
        }
        return true;
    }
}

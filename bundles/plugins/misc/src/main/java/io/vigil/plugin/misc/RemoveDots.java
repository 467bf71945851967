package io.vigil.plugin.misc;

import io.vigil.api.Event;
import io.vigil.api.EventPlugin;
import io.vigil.api.Metadata;
import io.vigil.support.Fields;
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
        Fields.renameKeys(event.document(), key -> !key.isEmpty() && (key.charAt(0) == '.' || key.charAt(key.length() - 1) == '.') ? key.replace(".", "") : key);
        return true;
    }
}

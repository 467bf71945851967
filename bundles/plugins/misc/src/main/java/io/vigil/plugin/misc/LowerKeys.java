package io.vigil.plugin.misc;

import io.vigil.api.Event;
import io.vigil.api.EventPlugin;
import io.vigil.api.Metadata;
import io.vigil.support.Fields;
import java.util.Locale;
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
        Fields.renameKeys(event.document(), key -> key.toLowerCase(Locale.ROOT));
        return true;
    }
}

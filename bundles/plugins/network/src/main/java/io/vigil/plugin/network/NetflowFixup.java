package io.vigil.plugin.network;

import io.vigil.api.Event;
import io.vigil.api.EventPlugin;
import io.vigil.api.Metadata;
import org.osgi.service.component.annotations.Component;

/** MozDef's {@code netflowFixup}: netflow events get their own {@code type}, which keeps their numeric fields apart. */
@Component(property = {
    EventPlugin.NAME + "=netflowFixup",
    EventPlugin.REGISTRATION + "=netflow",
    EventPlugin.PRIORITY + ":Integer=5",
    EventPlugin.DESCRIPTION + "=netflow events: type netflow"
})
public class NetflowFixup implements EventPlugin {

    @Override
    public boolean process(Event event, Metadata metadata) {
        event.document().put("type", "netflow");
        return true;
    }
}

package io.vigil.plugin.misc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.Event;
import io.vigil.api.EventPlugin;
import io.vigil.api.Metadata;
import io.vigil.support.Fields;
import org.osgi.service.component.annotations.Component;

/** MozDef's {@code dropMessage}: drops AWS load balancer health checks, unless the event is typed (other than auditd).
 * MozDef returned a bare {@code None} here, which its dispatcher failed to unpack, losing the event by accident;
 * here it is dropped on purpose and counted. */
@Component(property = {
    EventPlugin.NAME + "=dropMessage",
    EventPlugin.REGISTRATION + "=ELB-HealthChecker/1.0",
    EventPlugin.PRIORITY + ":Integer=1",
    EventPlugin.DESCRIPTION + "=drops AWS ELB health checks"
})
public class DropMessage implements EventPlugin {

    @Override
    public boolean process(Event event, Metadata metadata) {
        ObjectNode document = event.document();
        if (document.has("type") && !Fields.is(document, "type", "auditd")) {
            return true;
        }
        return !Fields.is(Fields.details(document), "http_user_agent", "ELB-HealthChecker/1.0");
    }
}

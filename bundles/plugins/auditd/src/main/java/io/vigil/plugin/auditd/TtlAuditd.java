package io.vigil.plugin.auditd;

import io.vigil.api.Event;
import io.vigil.api.EventPlugin;
import io.vigil.api.Metadata;
import org.osgi.service.component.annotations.Component;

/**
 * MozDef's {@code ttl_auditd}: marks the noisy auditd executions with {@code _ttl: 3d}, so a retention job can
 * delete them before the index itself expires. It runs before auditdFixup, which drops the same events.
 */
@Component(property = {
    EventPlugin.NAME + "=ttl_auditd",
    EventPlugin.REGISTRATION + "=auditd",
    EventPlugin.REGISTRATION + "=command",
    EventPlugin.PRIORITY + ":Integer=1",
    EventPlugin.DESCRIPTION + "=auditd: noisy executions get _ttl 3d"
})
public class TtlAuditd implements EventPlugin {

    @Override
    public boolean process(Event event, Metadata metadata) {
        if (NoisyCommands.matches(event.document().get("details"))) {
            event.document().put("_ttl", "3d");
        }
        return true;
    }
}

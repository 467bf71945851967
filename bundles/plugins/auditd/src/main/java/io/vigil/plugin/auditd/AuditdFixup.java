package io.vigil.plugin.auditd;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.Event;
import io.vigil.api.EventPlugin;
import io.vigil.api.Metadata;
import io.vigil.support.Fields;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * MozDef's {@code auditdFixup}: drops the noisy executions, makes id fields fit a long (4294967295 and
 * {@code (null)} to -1), moves a mis-parsed gid list aside, takes the audited host as hostname, types the event.
 */
@Component(property = {
    EventPlugin.NAME + "=auditdFixup",
    EventPlugin.REGISTRATION + "=auditd",
    EventPlugin.REGISTRATION + "=audisp-json",
    EventPlugin.PRIORITY + ":Integer=2",
    EventPlugin.DESCRIPTION + "=auditd: drop noisy executions, auid/ses/(null) ids to -1, gid lists aside, dhost to hostname, type auditd"
})
public class AuditdFixup implements EventPlugin {

    private static final String UNSET_ID = "4294967295";

    @Override
    public boolean process(Event event, Metadata metadata) {
        ObjectNode document = event.document();
        ObjectNode details = Fields.details(document);
        if (NoisyCommands.matches(details)) {
            return false;
        }
        if (details != null) {
            for (String field : new String[] {"auid", "ses"}) {
                if (Fields.is(details, field, UNSET_ID)) {
                    details.put(field, "-1");
                }
            }
            List<String> nullIds = new ArrayList<>();
            details.properties().forEach(field -> {
                if (field.getKey().contains("id") && "(null)".equals(field.getValue().textValue())) {
                    nullIds.add(field.getKey());
                }
            });
            nullIds.forEach(field -> details.put(field, -1));
            String gid = Fields.text(details, "gid");
            if (gid != null && gid.contains(",")) {
                details.put("gidstring", gid);
                details.remove("gid");
            }
            if (details.has("dhost")) {
                document.set("hostname", details.remove("dhost"));
            }
        }
        if (!document.has("category")) {
            document.put("category", "auditd");
        }
        document.put("type", "auditd");
        return true;
    }
}

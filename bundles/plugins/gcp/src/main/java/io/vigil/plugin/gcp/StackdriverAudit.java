package io.vigil.plugin.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.EventPlugin;
import io.vigil.support.MappingTables;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;

/**
 * MozDef's {@code stackdriver_audit}: Cloud Audit Log entries (activity, data_access) with the AuditLog payload
 * under {@code details.gaudit}, the fields of {@code stackdriver_audit.yml}, a summary of who did what on which
 * resource. A request resource that is not an object is dropped (the index maps it as one).
 */
@Component(service = EventPlugin.class, configurationPid = "io.vigil.plugin.gcp", property = {
    EventPlugin.NAME + "=stackdriver_audit",
    EventPlugin.REGISTRATION + "=stackdriver",
    EventPlugin.PRIORITY + ":Integer=15",
    EventPlugin.DESCRIPTION + "=GCP audit logs: payload to details.gaudit, fields from stackdriver_audit.yml, 'user executed action on resource'"
})
@Designate(ocd = GcpConfig.class)
public class StackdriverAudit extends MappedLogEntry {

    @Activate
    public StackdriverAudit(GcpConfig config) {
        super(MappingTables.load(StackdriverAudit.class, "stackdriver_audit.yml", config.audit_mapping_file()),
                "protoPayload", "gaudit", "activity", "data_access");
    }

    @Override
    void prepare(ObjectNode details) {
        JsonNode request = details.get("gaudit").get("request");
        if (request instanceof ObjectNode object && object.has("resource") && !object.get("resource").isObject()) {
            object.remove("resource");
        }
    }
}

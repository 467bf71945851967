package io.vigil.plugin.gcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.EventPlugin;
import io.vigil.support.MappingTables;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * MozDef's {@code stackdriver_gceactivity}: Compute Engine activity entries with their payload under
 * {@code details.gceactivity}, service compute.googleapis.com, the fields of {@code stackdriver_gceactivity.yml}, a
 * summary of who did what on which resource.
 */
@Component(service = EventPlugin.class, configurationPid = "io.vigil.plugin.gcp", property = {
    EventPlugin.NAME + "=stackdriver_gceactivity",
    EventPlugin.REGISTRATION + "=stackdriver",
    EventPlugin.PRIORITY + ":Integer=16",
    EventPlugin.DESCRIPTION + "=GCE activity logs: payload to details.gceactivity, fields from stackdriver_gceactivity.yml, summary"
})
public class StackdriverGceActivity extends MappedLogEntry {

    @Activate
    public StackdriverGceActivity(GcpConfig config) {
        super(MappingTables.load(StackdriverGceActivity.class, "stackdriver_gceactivity.yml", config.gceactivity_mapping_file()),
                "jsonPayload", "gceactivity", "gceactivity");
    }

    @Override
    void prepare(ObjectNode details) {
        details.put("service", "compute.googleapis.com");
    }
}

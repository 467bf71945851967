package io.vigil.plugin.zoom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.Event;
import io.vigil.api.EventPlugin;
import io.vigil.api.Metadata;
import io.vigil.support.Fields;
import io.vigil.support.MappingTables;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * MozDef's {@code zoom_fixup}: a Zoom webhook event becomes a zoom event with the fields of the mapping table, a
 * summary naming the event and who triggered it, and no empty start or recording-end times (Elasticsearch maps
 * them as dates).
 */
@Component(configurationPid = "io.vigil.plugin.zoom", property = {
    EventPlugin.NAME + "=zoom_fixup",
    EventPlugin.REGISTRATION + "=zoom_host",
    EventPlugin.PRIORITY + ":Integer=2",
    EventPlugin.DESCRIPTION + "=Zoom webhooks: fields from zoom_mapping.yml, summary with the triggering user, empty times removed"
})
@Designate(ocd = ZoomFixup.Config.class)
public class ZoomFixup implements EventPlugin {

    @ObjectClassDefinition(name = "Vigil Zoom webhooks", description = "Where the Zoom mapping table comes from")
    public @interface Config {
        @AttributeDefinition(description = "A zoom_mapping.yml replacing the one in the bundle (MozDef's format); empty = the bundled table")
        String mapping_file() default "";
    }

    private static final String SOURCE = "api_aws_lambda";

    /** Times Zoom sends as "" when unknown: received path and details field, removed when empty. */
    private static final String[][] OPTIONAL_TIMES = {
        {"details.payload.object.start_time", "start_time"},
        {"details.payload.old_object.start_time", "original_sched_start_time"},
        {"details.payload.object.recording_files.recording_end", "recording_files_end"},
        {"details.payload.object.recording_file.recording_end", "recording_file_end"}};

    private final JsonNode mapping;

    @Activate
    public ZoomFixup(Config config) {
        this.mapping = MappingTables.load(ZoomFixup.class, "zoom_mapping.yml", config.mapping_file());
    }

    @Override
    public boolean process(Event event, Metadata metadata) {
        ObjectNode document = event.document();
        JsonNode tags = document.get("tags");
        if (tags != null && !Fields.hasTag(tags, "zoom")) {
            return true;
        }
        JsonNode fields = mapping.get(SOURCE);
        if (fields == null || !fields.isObject()) {
            return false;
        }
        // The event is rebuilt in place; what was received stays readable through a shallow copy (no per-event deep copy).
        JsonNode received = document.objectNode().setAll(document);
        document.removeAll();
        ObjectNode details = document.putObject("details");
        document.put("category", "zoom");
        document.put("eventsource", "MozDef-EF-zoom");
        document.put("source", SOURCE);
        document.put("hostname", "zoom_host");
        document.put("severity", "info");
        document.put("processname", "zoom_webhook_api");
        if (tags != null) {
            document.set("tags", tags);
        }
        JsonNode zoomEvent = Fields.at(received, "details.event");
        details.set("event", zoomEvent.isMissingNode() ? details.textNode("UNKNOWN") : zoomEvent);
        JsonNode account = Fields.at(received, "details.payload.account_id");
        JsonNode objectAccount = Fields.at(received, "details.payload.object.account_id");
        if (!account.isMissingNode()) {
            details.set("account_id", account);
        } else if (!objectAccount.isMissingNode()) {
            details.set("account_id", objectAccount);
        }
        StringBuilder summary = new StringBuilder("zoom: ").append(Fields.pythonStr(details.get("event")));
        JsonNode user = Fields.at(received, "details.payload.object.participant.user_name");
        JsonNode operator = Fields.at(received, "details.payload.operator");
        if (!user.isMissingNode() || !operator.isMissingNode()) {
            summary.append(" triggered by user ").append(Fields.pythonStr(user.isMissingNode() ? operator : user));
        }
        document.put("summary", summary.toString());
        MappingTables.apply(fields, received, details);
        for (String[] time : OPTIONAL_TIMES) {
            JsonNode value = Fields.at(received, time[0]);
            if ("".equals(value.textValue())) {
                details.remove(time[1]);
            } else if (!value.isMissingNode()) {
                details.set(time[1], value);
            }
        }
        JsonNode oldDuration = Fields.at(received, "details.payload.old_object.duration");
        if (!oldDuration.isMissingNode()) {
            details.set("original_sched_duration", oldDuration);
        }
        return true;
    }
}

package io.vigil.plugin.misc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.Event;
import io.vigil.api.EventPlugin;
import io.vigil.api.Metadata;
import io.vigil.support.Fields;
import io.vigil.support.LinePattern;
import java.util.regex.Matcher;
import org.osgi.service.component.annotations.Component;

/** MozDef's {@code observium}: Observium alert lines into alert type, entity, message and host; tagged alert. */
@Component(property = {
    EventPlugin.NAME + "=observium",
    EventPlugin.REGISTRATION + "=observium",
    EventPlugin.PRIORITY + ":Integer=5",
    EventPlugin.DESCRIPTION + "=Observium alerts to alert_type, entity_type, entity, alert_message, hostname; tag alert"
})
public class Observium implements EventPlugin {

    private static final LinePattern LINE = new LinePattern("(?<alerttype>\\S+): \\[(?<sourcehost>\\S+)\\] \\[(?<entitytype>\\S+)\\] \\[(?<entity>.*)\\] (?<alertmessage>.*)",
            "alert_type=alerttype", "entity_type=entitytype", "entity", "alert_message=alertmessage");

    @Override
    public boolean process(Event event, Metadata metadata) {
        ObjectNode document = event.document();
        ObjectNode details = Fields.details(document);
        String summary = Fields.text(document, "summary");
        Matcher matcher = Fields.is(details, "program", "Observium") && summary != null ? LINE.match(summary) : null;
        if (matcher != null) {
            LINE.copy(matcher, details);
            document.put("hostname", matcher.group("sourcehost"));
            Fields.addTag(document, "alert");
        }
        return true;
    }
}

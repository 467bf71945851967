package io.vigil.plugin.misc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.Event;
import io.vigil.api.EventPlugin;
import io.vigil.api.Metadata;
import io.vigil.support.Fields;
import io.vigil.support.LinePattern;
import java.util.regex.Matcher;
import org.osgi.service.component.annotations.Component;

/** MozDef's {@code snmptt}: snmptt trap lines into trap name, severity, payload and host; tagged alert. */
@Component(property = {
    EventPlugin.NAME + "=snmptt",
    EventPlugin.REGISTRATION + "=snmptt",
    EventPlugin.PRIORITY + ":Integer=5",
    EventPlugin.DESCRIPTION + "=snmptt traps to trapname, trapseverity, trappayload, hostname; tag alert"
})
public class Snmptt implements EventPlugin {

    private static final LinePattern LINE = new LinePattern("(?<trapname>\\S+) (?<trapseverity>\\S+) \"Status Events\" (?<sourcehost>\\S+) - (?<trappayload>.*)",
            "trapname", "trapseverity", "trappayload");

    @Override
    public boolean process(Event event, Metadata metadata) {
        ObjectNode document = event.document();
        ObjectNode details = Fields.details(document);
        String summary = Fields.text(document, "summary");
        Matcher matcher = Fields.is(details, "program", "snmptt") && summary != null ? LINE.match(summary) : null;
        if (matcher != null) {
            LINE.copy(matcher, details);
            document.put("hostname", matcher.group("sourcehost"));
            Fields.addTag(document, "alert");
        }
        return true;
    }
}

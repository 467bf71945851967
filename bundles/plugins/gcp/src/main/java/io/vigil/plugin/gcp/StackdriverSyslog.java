package io.vigil.plugin.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.Event;
import io.vigil.api.EventPlugin;
import io.vigil.api.Metadata;
import io.vigil.support.Fields;
import java.util.Arrays;
import org.osgi.service.component.annotations.Component;

/**
 * MozDef's {@code stackdriver_syslog}: a GCE syslog entry's text payload ({@code Nov 22 00:32:13 host program: text})
 * becomes hostname, processname and summary; facility and severity are kept.
 */
@Component(property = {
    EventPlugin.NAME + "=stackdriver_syslog",
    EventPlugin.REGISTRATION + "=stackdriver",
    EventPlugin.PRIORITY + ":Integer=15",
    EventPlugin.DESCRIPTION + "=GCE syslog entries: textPayload split into hostname, processname, summary"
})
public class StackdriverSyslog implements EventPlugin {

    private static final int HOST = 3;
    private static final int PROGRAM = 4;

    @Override
    public boolean process(Event event, Metadata metadata) {
        ObjectNode message = event.document();
        if (!GcpEvents.isStackdriver(message, "syslog")) {
            return true;
        }
        JsonNode entry = message.get("details");
        String text = Fields.text(entry, "textPayload");
        String[] words = text == null ? new String[0] : Fields.words(text);
        if (words.length <= PROGRAM) {
            return true;
        }
        ObjectNode syslog = GcpEvents.rebuilt(message);
        syslog.put("category", "syslog");
        syslog.remove("details");
        for (String field : new String[] {"facility", "severity"}) {
            if (entry.has(field)) {
                syslog.set(field, entry.get(field));
            }
        }
        syslog.put("hostname", words[HOST]);
        syslog.put("processname", Fields.strip(words[PROGRAM], ':'));
        syslog.put("summary", String.join(" ", Arrays.copyOfRange(words, PROGRAM + 1, words.length)));
        message.removeAll();
        message.setAll(syslog);
        return true;
    }
}

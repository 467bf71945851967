package io.vigil.plugin.sshd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.Event;
import io.vigil.api.EventPlugin;
import io.vigil.api.Metadata;
import io.vigil.support.Fields;
import io.vigil.support.IpAddresses;
import org.osgi.service.component.annotations.Component;

/**
 * MozDef's {@code sshdFindIP}: the first IPv4 address among the words of the summary becomes
 * {@code details.sourceipaddress} when the event has none. Words are stripped of quotes and commas first.
 */
@Component(property = {
    EventPlugin.NAME + "=sshdFindIP",
    EventPlugin.REGISTRATION + "=sshd",
    EventPlugin.REGISTRATION + "=fail2ban",
    EventPlugin.PRIORITY + ":Integer=5",
    EventPlugin.DESCRIPTION + "=first IPv4 address in the summary to details.sourceipaddress when absent"
})
public class SshdFindIp implements EventPlugin {

    @Override
    public boolean process(Event event, Metadata metadata) {
        ObjectNode document = event.document();
        String summary = Fields.text(document, "summary");
        JsonNode details = document.get("details");
        if (summary == null || details != null && details.isObject() && details.has("sourceipaddress")) {
            return true;
        }
        for (String word : Fields.words(summary)) {
            String address = Fields.unquote(word);
            if (IpAddresses.isIpv4(address)) {
                Fields.detailsOrCreate(document).put("sourceipaddress", address);
                return true;
            }
        }
        return true;
    }
}

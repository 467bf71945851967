package io.vigil.plugin.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.Event;
import io.vigil.api.EventPlugin;
import io.vigil.api.Metadata;
import io.vigil.support.Fields;
import org.osgi.service.component.annotations.Component;

/** MozDef's {@code filterlog}: pfSense's CSV firewall log line into rule, action, IP, TCP and UDP fields. */
@Component(property = {
    EventPlugin.NAME + "=filterlog",
    EventPlugin.REGISTRATION + "=filterlog",
    EventPlugin.PRIORITY + ":Integer=10",
    EventPlugin.DESCRIPTION + "=pfSense filterlog CSV summary to rule, action, direction, ip/tcp fields, addresses and ports"
})
public class Filterlog implements EventPlugin {

    private static final String[] RULE = {"rulenumber", "subrulenumber", "anchor", "trackor", "interface", "reason", "action", "direction", "ipversion"};
    private static final String[] IPV4 = {"tos", "ecn", "ttl", "id", "offset", "flags", "protocolid", "protocoltext"};
    private static final String[] IPV6 = {"class", "flow_label", "hoplimit", "protocol", "protocolid"};
    private static final String[] TCP = {"flags", "seqnumber", "acknumber", "window", "urg", "options"};
    private static final int TCP_PROTOCOL = 6;
    private static final int UDP_PROTOCOL = 17;

    @Override
    public boolean process(Event event, Metadata metadata) {
        ObjectNode document = event.document();
        String summary = Fields.text(document, "summary");
        if (summary == null || summary.chars().filter(c -> c == ',').count() < RULE.length) {
            return true;
        }
        String[] items = summary.split(",", -1);
        ObjectNode details = Fields.detailsOrCreate(document);
        copy(items, 0, RULE, details);
        int version = Integer.parseInt(items[8].trim());
        int next = RULE.length;
        if (version == 4 || version == 6) {
            ObjectNode ip = details.get("ip") instanceof ObjectNode existing ? existing : details.putObject("ip");
            ip.put("version", version);
            String[] layout = version == 4 ? IPV4 : IPV6;
            copy(items, next, layout, ip);
            next += layout.length;
            ip.put("length", items[next]);
            details.put("sourceipaddress", items[next + 1]);
            details.put("destinationipaddress", items[next + 2]);
            next += 3;
        }
        JsonNode protocol = Fields.at(details, "ip.protocolid");
        int protocolId = protocol.isTextual() ? Integer.parseInt(protocol.textValue().trim()) : protocol.asInt(-1);
        if (protocolId == TCP_PROTOCOL || protocolId == UDP_PROTOCOL) {
            details.put("sourceport", items[next]);
            details.put("destinationport", items[next + 1]);
            details.put("datalength", items[next + 2]);
        }
        if (protocolId == TCP_PROTOCOL) {
            ObjectNode tcp = details.get("tcp") instanceof ObjectNode existing ? existing : details.putObject("tcp");
            copy(items, next + 3, TCP, tcp);
        }
        return true;
    }

    private static void copy(String[] items, int from, String[] names, ObjectNode target) {
        for (int i = 0; i < names.length; i++) {
            target.put(names[i], items[from + i]);
        }
    }
}

package io.vigil.plugin.network;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.Event;
import io.vigil.api.EventPlugin;
import io.vigil.api.Metadata;
import io.vigil.support.Fields;
import io.vigil.support.LinePattern;
import org.osgi.service.component.annotations.Component;

/** MozDef's {@code rt_flow}: Juniper SRX session denied / created lines into addresses, ports, zones, policy. */
@Component(property = {
    EventPlugin.NAME + "=rt_flow",
    EventPlugin.REGISTRATION + "=rt_flow",
    EventPlugin.PRIORITY + ":Integer=5",
    EventPlugin.DESCRIPTION + "=Juniper RT_FLOW session denied/created lines to addresses, ports, service, policy, zones"
})
public class RtFlow implements EventPlugin {

    private static final String ADDRESS = "([0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+)";
    private static final String FLOW = "(?<src>" + ADDRESS + ")/(?<srcport>[0-9]+)->(?<dst>" + ADDRESS + ")/(?<dstport>[0-9]+) (?<service>\\S+) ";
    private static final String[] ENDPOINTS = {"sourceipaddress=src", "sourceport=srcport", "destinationipaddress=dst", "destinationport=dstport", "service"};

    private static final String DENY_PREFIX = "%-RT_FLOW_SESSION_DENY:";
    private static final LinePattern DENY = new LinePattern(DENY_PREFIX + " session denied " + FLOW
            + "(?<proto>[0-9]+)\\((?<prototype>[0-9]+)\\) (?<policy>\\S+) (?<srczone>\\S+) (?<dstzone>\\S+) UNKNOWN UNKNOWN N/A\\(N/A\\) (?<interface>\\S+)(\\n)?",
            concat(ENDPOINTS, "protocol=proto", "protocoltype=prototype", "policy", "sourcezone=srczone", "destinationzone=dstzone", "interface"));

    private static final String CREATE_PREFIX = "%-RT_FLOW_SESSION_CREATE:";
    private static final LinePattern CREATE = new LinePattern(CREATE_PREFIX + " session created " + FLOW
            + "(?<src2>" + ADDRESS + ")/(?<srcport2>[0-9]+)->(?<dst2>" + ADDRESS + ")/(?<dstport2>[0-9]+) (?<srcnatrule>\\S+) (?<dstnatrule>\\S+) "
            + "(?<protocol>\\S+) (?<policy>\\S+) (?<srczone>\\S+) (?<dstzone>\\S+) (?<sessionid>\\S+) N/A\\(N/A\\) (?<interface>\\S+)(\\n)?",
            concat(ENDPOINTS, "sourcenatrule=srcnatrule", "destinationnatrule=dstnatrule", "protocol", "policy", "sourcezone=srczone",
                    "destinationzone=dstzone", "sessionid", "interface"));

    @Override
    public boolean process(Event event, Metadata metadata) {
        ObjectNode document = event.document();
        ObjectNode details = Fields.details(document);
        String summary = Fields.text(document, "summary");
        if (details == null || !Fields.is(details, "program", "RT_FLOW") || summary == null) {
            return true;
        }
        if (summary.startsWith(DENY_PREFIX) && DENY.copyInto(summary, details)) {
            details.put("action", "denied");
        }
        if (summary.startsWith(CREATE_PREFIX) && CREATE.copyInto(summary, details)) {
            details.put("action", "created");
        }
        return true;
    }

    private static String[] concat(String[] first, String... rest) {
        String[] all = new String[first.length + rest.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }
}

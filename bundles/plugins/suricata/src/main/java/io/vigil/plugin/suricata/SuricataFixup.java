package io.vigil.plugin.suricata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.Event;
import io.vigil.api.EventPlugin;
import io.vigil.api.Metadata;
import io.vigil.support.RejectedEventException;
import io.vigil.support.ToUtc;
import io.vigil.support.Fields;
import java.time.Clock;
import org.osgi.service.component.annotations.Component;

/**
 * MozDef's {@code suricataFixup}: a Suricata eve-log record (JSON in {@code message}, posted to a custom endpoint
 * with category suricata) becomes an nsm event: its fields in {@code details} with Bro's names for addresses,
 * ports, byte and packet counts and HTTP fields, large payloads cut to what Elasticsearch indexes, and a summary
 * {@code src:port -> dst:port} for alerts.
 */
@Component(property = {
    EventPlugin.NAME + "=suricataFixup",
    EventPlugin.REGISTRATION + "=suricata",
    EventPlugin.PRIORITY + ":Integer=5",
    EventPlugin.DESCRIPTION + "=Suricata eve-log (custom endpoint, category suricata) to details with Bro's field names; type nsm"
})
public class SuricataFixup implements EventPlugin {

    static final int FIELD_VALUE_LIMIT = 4095;

    /** Renames within details, applied to every record: from, to. */
    private static final String[][] ENDPOINTS = {
        {"alert", "suricata_alert"}, {"src_ip", "sourceipaddress"}, {"src_port", "sourceport"},
        {"dest_ip", "destinationipaddress"}, {"dest_port", "destinationport"}};
    /** Flow counters of alerts, under Bro's names. */
    private static final String[][] FLOW = {
        {"bytes_toserver", "originipbytes"}, {"bytes_toclient", "responseipbytes"}, {"pkts_toserver", "orig_pkts"}, {"pkts_toclient", "resp_pkts"}};
    /** HTTP fields of alerts moved up to details, under Bro's names. */
    private static final String[][] HTTP = {
        {"hostname", "host"}, {"http_method", "method"}, {"http_user_agent", "user_agent"}, {"status", "status_code"}, {"url", "uri"},
        {"redirect", "redirect_dst"}, {"length", "request_body_len"}, {"http_response_body", "http_response_body"},
        {"http_response_body_printable", "http_response_body_printable"}};

    private final Clock clock = Clock.systemUTC();

    @Override
    public boolean process(Event event, Metadata metadata) {
        ObjectNode received = event.document();
        if (!received.has("customendpoint") || !Fields.is(received, "category", "suricata")) {
            return true;
        }
        ObjectNode nsm = JsonNodeFactory.instance.objectNode();
        nsm.put("type", "nsm");
        ObjectNode details = Fields.parseObject(Fields.text(received, "message"));
        if (details == null) {
            details = JsonNodeFactory.instance.objectNode();
            nsm.set("rawdetails", received.deepCopy());
        }
        nsm.set("details", details);
        if (received.has("host_from")) {
            nsm.set("hostname", received.get("host_from"));
        }
        if (received.has("tags")) {
            nsm.set("tags", received.get("tags"));
        }
        nsm.set("category", received.get("category"));
        nsm.set("source", received.has("source") ? received.get("source") : nsm.textNode("unknown"));
        nsm.set("event_type", received.has("event_type") ? received.get("event_type") : nsm.textNode("unknown"));
        timestamps(details, nsm);
        nsm.put("receivedtimestamp", ToUtc.now(clock));
        nsm.put("eventsource", "nsm");
        nsm.put("severity", "INFO");
        if (received.has("mozdefhostname")) {
            nsm.set("mozdefhostname", received.get("mozdefhostname"));
        }
        details.put("sourceipaddress", "0.0.0.0");
        details.put("destinationipaddress", "0.0.0.0");
        details.put("sourceport", 0);
        details.put("destinationport", 0);
        rename(details, details, ENDPOINTS);
        details.remove("file_name");
        details.remove("message");
        details.remove("source");
        if (Fields.is(nsm, "source", "eve-log") && Fields.is(nsm, "event_type", "alert")) {
            alert(details);
            nsm.put("summary", Fields.pythonStr(details.get("sourceipaddress")) + ":" + Fields.pythonStr(details.get("sourceport")) + " -> "
                    + Fields.pythonStr(details.get("destinationipaddress")) + ":" + Fields.pythonStr(details.get("destinationport")));
        }
        received.removeAll();
        received.setAll(nsm);
        return true;
    }

    private void alert(ObjectNode details) {
        for (String field : new String[] {"packet", "payload", "payload_printable"}) {
            cut(details, field);
        }
        for (String[] counter : FLOW) {
            details.put(counter[1], 0);
        }
        if (details.get("flow") instanceof ObjectNode flow) {
            rename(flow, details, FLOW);
        }
        if (details.get("http") instanceof ObjectNode http) {
            rename(http, details, HTTP);
            cut(details, "http_response_body");
            cut(details, "http_response_body_printable");
        }
        if (details.has("app_proto")) {
            details.set("service", details.remove("app_proto"));
        }
        if (details.get("email") instanceof ObjectNode && details.has("smtp")) {
            details.remove("email");
        }
        // Elasticsearch cannot hold both "ET.http.javaclient" and "ET.http.javaclient.vulnerable" (a dotted name is a path).
        if (Fields.at(details, "vars").get("flowbits") instanceof ObjectNode flowbits && flowbits.has("ET.http.javaclient")) {
            flowbits.remove("ET.http.javaclient");
            flowbits.put("ET.http.javaclient.vulnerable", "True");
        }
    }

    private void timestamps(ObjectNode details, ObjectNode nsm) {
        JsonNode flow = details.get("flow");
        if (flow == null) {
            // A record without a flow is malformed; it is kept, stamped with the time it arrived.
            nsm.put("utctimestamp", ToUtc.now(clock));
            nsm.put("timestamp", ToUtc.now(clock));
        } else if (flow.has("start")) {
            try {
                String start = ToUtc.isoformat(ToUtc.parse(flow.get("start"), clock));
                nsm.put("utctimestamp", start);
                nsm.put("timestamp", start);
            } catch (RejectedEventException e) {
                throw new IllegalArgumentException("suricata flow.start " + flow.get("start") + " unreadable", e);
            }
        }
    }

    private static void rename(ObjectNode from, ObjectNode to, String[][] names) {
        for (String[] name : names) {
            if (from.has(name[0])) {
                to.set(name[1], from.remove(name[0]));
            }
        }
    }

    private static void cut(ObjectNode details, String field) {
        String value = Fields.text(details, field);
        if (value != null) {
            details.put(field, Fields.truncate(value, FIELD_VALUE_LIMIT, ""));
        }
    }
}

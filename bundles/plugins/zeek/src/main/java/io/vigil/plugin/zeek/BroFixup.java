package io.vigil.plugin.zeek;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.Event;
import io.vigil.api.EventPlugin;
import io.vigil.api.Metadata;
import io.vigil.support.RejectedEventException;
import io.vigil.support.ToUtc;
import io.vigil.support.Fields;
import io.vigil.support.IpAddresses;
import java.time.Clock;
import org.osgi.service.component.annotations.Component;

/**
 * MozDef's {@code broFixup}: a Zeek (Bro) JSON log line posted to the bro custom endpoint ({@code SOURCE} names the
 * log, {@code MESSAGE} holds the record) becomes an nsm event: the record in {@code details} with the connection's
 * addresses and ports under MozDef's names, dotted Zeek names nested, defaults for absent fields, and a summary per
 * log type. Records of unknown log types keep their fields and get no summary.
 */
@Component(property = {
    EventPlugin.NAME + "=broFixup",
    EventPlugin.REGISTRATION + "=bro",
    EventPlugin.PRIORITY + ":Integer=5",
    EventPlugin.DESCRIPTION + "=Zeek/Bro logs (custom endpoint, category bro): record to details, MozDef field names, summary per log type; type nsm"
})
public class BroFixup implements EventPlugin {

    private static final int URI_LIMIT = 1024;
    private static final String FLOW = "{sourceipaddress} -> {destinationipaddress}:{destinationport}";
    private static final String[][] CONNECTION = {
        {"id.orig_h", "sourceipaddress"}, {"id.orig_p", "sourceport"}, {"id.resp_h", "destinationipaddress"}, {"id.resp_p", "destinationport"}};

    private final Clock clock = Clock.systemUTC();

    @Override
    public boolean process(Event event, Metadata metadata) {
        ObjectNode received = event.document();
        String source = Fields.text(received, "SOURCE");
        if (!received.has("customendpoint") || !Fields.is(received, "category", "bro") || source == null) {
            return true;
        }
        ObjectNode nsm = JsonNodeFactory.instance.objectNode();
        nsm.put("type", "nsm");
        ObjectNode details = Fields.parseObject(Fields.text(received, "MESSAGE"));
        if (details == null) {
            details = nsm.objectNode();
            nsm.set("rawdetails", received.deepCopy());
        }
        nsm.set("details", details);
        nsm.put("customendpoint", "bro");
        if (received.has("HOST_FROM")) {
            nsm.set("hostname", received.get("HOST_FROM"));
        }
        if (received.has("tags")) {
            nsm.set("tags", received.get("tags"));
        }
        nsm.set("category", received.get("category"));
        String logType = source.length() > 4 ? source.substring(4) : "";
        nsm.put("source", logType);
        details.remove("resp_cc");
        String time = details.has("ts") ? iso(Double.parseDouble(details.get("ts").asText())) : ToUtc.now(clock);
        nsm.put("utctimestamp", time);
        nsm.put("timestamp", time);
        nsm.put("receivedtimestamp", ToUtc.now(clock));
        nsm.put("eventsource", "nsm");
        nsm.put("severity", "INFO");
        if (received.has("mozdefhostname")) {
            nsm.set("mozdefhostname", received.get("mozdefhostname"));
        }
        move(details, details, CONNECTION);
        details.remove("FILE_NAME");
        details.remove("MESSAGE");
        details.remove("SOURCE");
        String summary = summary(logType, details);
        if (summary != null) {
            nsm.put("summary", summary);
        }
        received.removeAll();
        received.setAll(nsm);
        return true;
    }

    /** Fills the log type's defaults, reshapes its fields, and writes its summary ({@code null} for unknown types). */
    private String summary(String logType, ObjectNode details) {
        switch (logType) {
            case "conn":
                move(details, details, new String[][] {{"orig_ip_bytes", "originipbytes"}, {"resp_ip_bytes", "responseipbytes"}});
                defaults(details, "history", "");
                return Summaries.format("{sourceipaddress}:{sourceport} -> {destinationipaddress}:{destinationport} {history} "
                        + "{originipbytes} bytes / {responseipbytes} bytes", details);
            case "files":
                if (details.has("rx_hosts")) {
                    details.put("sourceipaddress", Fields.pythonStr(details.get("rx_hosts").get(0)));
                }
                if (details.has("tx_hosts")) {
                    details.put("destinationipaddress", Fields.pythonStr(details.get("tx_hosts").get(0)));
                }
                defaults(details, "mime_type", "unknown", "filename", "unknown", "total_bytes", "0", "md5", "None", "filesource", "None");
                return Summaries.format("{rx_hosts[0]} downloaded (MD5) {md5} MIME {mime_type} ({total_bytes} bytes) from {tx_hosts[0]} via {filesource}", details);
            case "dns":
                defaults(details, "qtype_name", "unknown", "query", "", "rcode_name", "");
                return Summaries.format("DNS {qtype_name} type query {sourceipaddress} -> {destinationipaddress}:{destinationport}", details);
            case "http":
                defaults(details, "method", "", "host", "", "uri", "", "status_code", "");
                details.put("uri", Fields.truncate(Fields.pythonStr(details.get("uri")), URI_LIMIT, ""));
                return Summaries.format("HTTP {method} " + FLOW, details);
            case "ssl":
                if (!details.has("server_name") && details.has("destinationipaddress")) {
                    details.set("server_name", details.get("destinationipaddress"));
                }
                return Summaries.format("SSL: " + FLOW, details);
            case "dhcp":
                defaults(details, "assigned_addr", "0.0.0.0", "mac", "000000000000");
                details.put("mac", Fields.pythonStr(details.get("mac")).replace(":", ""));
                return Summaries.format("{assigned_addr} assigned to {mac}", details);
            case "ftp":
                defaults(details, "command", "", "user", "");
                return Summaries.format("FTP: " + FLOW, details);
            case "pe":
                defaults(details, "os", "", "subsystem", "");
                return Summaries.format("PE file: {os} {subsystem}", details);
            case "smtp":
                String smtp = Summaries.format("SMTP: " + FLOW, details);
                move(details, details, new String[][] {{"tls", "tls_encrypted"}});
                return smtp;
            case "ssh":
                return Summaries.format("SSH: " + FLOW, details) + (details.has("auth_success") ? Summaries.format(" success {auth_success}", details) : "");
            case "tunnel":
                defaults(details, "tunnel_type", "", "action", "");
                return Summaries.format(FLOW + " {tunnel_type} {action}", details);
            case "intel":
                defaults(details, "seen.indicator", "");
                move(details, details, new String[][] {{"seen.indicator", "seenindicator"}, {"seen.node", "seennode"}, {"seen.where", "seenwhere"},
                    {"seen.indicator_type", "seenindicatortype"}});
                return Summaries.format("Bro intel match of {seenindicatortype} in {seenwhere}", details);
            case "known_certs":
                defaults(details, "serial", "0");
                return Summaries.format("Certificate X509 seen from: {host}:{port_num}", details);
            case "known_devices":
                defaults(details, "mac", "", "dhcp_host_name", "");
                return Summaries.format("New host: {mac}", details);
            case "known_hosts":
                defaults(details, "host", "");
                return Summaries.format("New host: {host}", details);
            case "known_services":
                if (!Fields.truthy(details.get("service"))) {
                    details.putArray("service").add("Unknown");
                }
                defaults(details, "host", "unknown", "port_num", "0", "port_proto", "");
                return Summaries.format("New service: {service[0]} on host {host}:{port_num} / {port_proto}", details);
            case "notice":
                return notice(details);
            case "rdp":
                defaults(details, "cookie", "unknown");
                return Summaries.format("RDP: " + FLOW, details);
            case "sip":
                defaults(details, "status_msg", "unknown", "uri", "unknown", "method", "unknown");
                return Summaries.format("SIP: " + FLOW + " method {method} status {status_msg}", details);
            case "software":
                defaults(details, "name", "unparsed", "software_type", "unknown");
                nest(details, "parsed_version", "version.", "addl", "major", "minor", "minor2", "minor3");
                return Summaries.format("Found {software_type} software on {host}", details);
            case "socks":
                defaults(details, "version", "0", "status", "unknown");
                return Summaries.format("SOCKSv{version}: " + FLOW + " status {status}", details);
            case "dce_rpc":
                defaults(details, "endpoint", "unknown", "operation", "unknown");
                return Summaries.format("DCERPC: " + FLOW, details);
            case "kerberos":
                defaults(details, "request_type", "unknown", "client", "unknown", "service", "unknown", "error_msg", "");
                return Summaries.format(FLOW + " request {request_type}", details)
                        + " success " + (details.has("success") ? Fields.pythonStr(details.get("success")) : "unknown");
            case "ntlm":
                defaults(details, "domainname", "unknown", "hostname", "unknown", "username", "unknown");
                nest(details, "ntlm", "", "domainname", "hostname", "username");
                defaults(details, "status", "unknown");
                return Summaries.format("NTLM: " + FLOW + " ", details) + "success " + (details.has("success") ? Fields.pythonStr(details.get("success")) : "unknown")
                        + " status " + Fields.pythonStr(details.get("status"));
            case "smb_files":
                defaults(details, "path", "", "name", "", "action", "");
                ObjectNode times = details.putObject("smbtimes");
                for (String time : new String[] {"accessed", "changed", "created", "modified"}) {
                    if (details.has("times." + time)) {
                        times.put(time, iso(details.remove("times." + time).asDouble()));
                    }
                }
                return Summaries.format("SMB file: " + FLOW + " {action}", details);
            case "smb_mapping":
                defaults(details, "share_type", "", "path", "");
                return Summaries.format("SMB mapping: " + FLOW + " {share_type}", details);
            case "snmp":
                defaults(details, "version", "Unknown");
                for (String counter : new String[] {"get_bulk_requests", "get_requests", "set_requests", "get_responses"}) {
                    if (!details.has(counter)) {
                        details.put(counter, 0);
                    }
                }
                details.put("getreqestssum", String.valueOf(details.get("get_bulk_requests").asLong() + details.get("get_requests").asLong()));
                return Summaries.format("SNMPv{version}: " + FLOW + " ({getreqestssum} get / {set_requests} set requests {get_responses} get responses)", details);
            case "x509":
                x509(details);
                return "X509 certificate seen";
            default:
                return null;
        }
    }

    private String notice(ObjectNode details) {
        ArrayNode indicators = details.putArray("indicators");
        defaults(details, "sub", "", "msg", "", "note", "");
        JsonNode actions = details.get("actions");
        if (actions != null && (Fields.is(details, "actions", "Notice::ACTION_LOG") || actions.isArray() && Fields.hasTag(actions, "Notice::ACTION_LOG"))) {
            for (String word : Fields.words(Fields.pythonStr(details.get("sub")))) {
                String address = Fields.unquote(word);
                if (IpAddresses.isIpv4(address)) {
                    indicators.add(address);
                }
            }
        }
        if (details.has("src")) {
            String src = Fields.pythonStr(details.remove("src"));
            if (IpAddresses.isIpv4(src)) {
                indicators.add(src);
                details.put("sourceipaddress", src);
                details.put("sourceipv4address", src);
            } else if (IpAddresses.isIpv6(src)) {
                indicators.add(src);
                details.put("sourceipv6address", src);
            }
        }
        String sourceAddress = details.has("sourceipv6address") ? Fields.pythonStr(details.get("sourceipv6address"))
                : details.has("sourceipv4address") ? Fields.pythonStr(details.get("sourceipv4address")) : "unknown";
        String destination = "unknown";
        if (details.has("dst")) {
            destination = Fields.pythonStr(details.remove("dst"));
            if (IpAddresses.isIpv4(destination)) {
                details.put("destinationipaddress", destination);
                details.put("destinationipv4address", destination);
            } else if (IpAddresses.isIpv6(destination)) {
                details.put("destinationipv6address", destination);
            }
        }
        String port = details.has("p") ? Fields.pythonStr(details.get("p")) : "unknown";
        return Fields.pythonStr(details.get("note")) + " source " + sourceAddress + " destination " + destination + " port " + port;
    }

    private void x509(ObjectNode details) {
        ObjectNode certificate = details.putObject("certificate");
        move(details, certificate, new String[][] {{"basic_constraints.ca", "basic_constraints_ca"}, {"basic_constraints.path_len", "basic_constraints_path_len"}});
        for (String field : new String[] {"exponent", "issuer", "key_alg", "key_length", "key_type", "not_valid_after", "not_valid_before", "sig_alg",
            "subject", "version", "serial"}) {
            JsonNode value = details.remove("certificate." + field);
            if (value != null) {
                certificate.set(field, field.startsWith("not_valid") ? certificate.textNode(iso(value.asDouble())) : value);
            }
        }
        if (!certificate.has("serial")) {
            certificate.put("serial", "0");
        }
    }

    /** Moves {@code prefix + name} fields of details into an object {@code into}, named {@code name}. */
    private static void nest(ObjectNode details, String into, String prefix, String... names) {
        ObjectNode nested = details.putObject(into);
        for (String name : names) {
            JsonNode value = details.remove(prefix + name);
            if (value != null) {
                nested.set(name, value);
            }
        }
    }

    private static void move(ObjectNode from, ObjectNode to, String[][] names) {
        for (String[] name : names) {
            if (from.has(name[0])) {
                to.set(name[1], from.remove(name[0]));
            }
        }
    }

    /** Field/default pairs: each absent field gets its default. */
    private static void defaults(ObjectNode details, String... pairs) {
        for (int i = 0; i < pairs.length; i += 2) {
            if (!details.has(pairs[i])) {
                details.put(pairs[i], pairs[i + 1]);
            }
        }
    }

    private String iso(double epochSeconds) {
        try {
            return ToUtc.isoformat(ToUtc.parse(JsonNodeFactory.instance.numberNode(epochSeconds), clock));
        } catch (RejectedEventException e) {
            throw new IllegalArgumentException("Zeek time " + epochSeconds + " unreadable", e);
        }
    }
}

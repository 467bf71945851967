package io.vigil.plugin.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.Event;
import io.vigil.api.EventPlugin;
import io.vigil.api.Metadata;
import io.vigil.support.Fields;
import io.vigil.support.IpAddresses;
import org.osgi.service.component.annotations.Component;

/**
 * MozDef's {@code ipFixup}: keeps {@code details.sourceipaddress}/{@code destinationipaddress} valid for the
 * index's {@code ip} mapping. IPv4 addresses are also copied to {@code *ipv4address}; IPv6 ones move to
 * {@code *ipv6address} (with {@code 0.0.0.0} left behind and a note in {@code errors}); a host name moves to
 * {@code details.source}/{@code destination}. Addresses in {@code src}, {@code srcip}, {@code dst}, {@code dstip},
 * {@code cluster_client_ip} and the first of {@code http_x_forwarded_for} are taken over.
 */
@Component(property = {
    EventPlugin.NAME + "=ipFixup",
    EventPlugin.REGISTRATION + "=sourceipaddress",
    EventPlugin.REGISTRATION + "=destinationipaddress",
    EventPlugin.REGISTRATION + "=src",
    EventPlugin.REGISTRATION + "=dst",
    EventPlugin.REGISTRATION + "=srcip",
    EventPlugin.REGISTRATION + "=dstip",
    EventPlugin.REGISTRATION + "=http_x_forwarded_for",
    EventPlugin.PRIORITY + ":Integer=15",
    EventPlugin.DESCRIPTION + "=source/destination addresses: ipv4/ipv6 copies, IPv6 and host names moved out of the ip fields"
})
public class IpFixup implements EventPlugin {

    @Override
    public boolean process(Event event, Metadata metadata) {
        ObjectNode document = event.document();
        ObjectNode details = Fields.details(document);
        if (details == null) {
            return true;
        }
        String forwarded = Fields.text(details, "http_x_forwarded_for");
        if (forwarded != null) {
            String client = forwarded.split(",", -1)[0];
            if (IpAddresses.isIpv4(client)) {
                putIfAbsent(details, "sourceipaddress", client);
                putIfAbsent(details, "sourceipv4address", client);
            } else if (IpAddresses.isIpv6(client)) {
                putIfAbsent(details, "sourceipv6address", client);
            }
        }
        check(document, details, "source");
        check(document, details, "destination");
        takeOver(details, "src", "source", true);
        takeOver(details, "srcip", "source", true);
        takeOver(details, "dst", "destination", true);
        takeOver(details, "dstip", "destination", true);
        takeOver(details, "cluster_client_ip", "source", false);
        return true;
    }

    /** {@code side}ipaddress: IPv4 copied, IPv6 moved, anything else taken for a host name. */
    private static void check(ObjectNode document, ObjectNode details, String side) {
        String field = side + "ipaddress";
        if (!details.has(field)) {
            return;
        }
        JsonNode value = details.get(field);
        String text = value.isTextual() ? value.textValue() : null;
        if (IpAddresses.isIpv6(text)) {
            details.put(side + "ipv6address", text);
            details.put(field, "0.0.0.0");
            JsonNode errors = document.get("errors");
            if (errors == null) {
                errors = document.putArray("errors");
            }
            if (errors.isArray()) {
                ((ArrayNode) errors).add("plugin: ipFixUp.py error: " + field + " is ipv6, moved");
            }
        } else if (IpAddresses.isIpv4(text)) {
            details.put(side + "ipv4address", text);
        } else {
            details.set(side, value);
            details.putNull(field);
        }
    }

    private static void takeOver(ObjectNode details, String from, String side, boolean withIpv4Copy) {
        String text = Fields.text(details, from);
        if (IpAddresses.isIpv4(text)) {
            details.put(side + "ipaddress", text);
            if (withIpv4Copy) {
                details.put(side + "ipv4address", text);
            }
        } else if (IpAddresses.isIpv6(text)) {
            details.put(side + "ipv6address", text);
        }
    }

    private static void putIfAbsent(ObjectNode details, String field, String value) {
        if (!details.has(field)) {
            details.put(field, value);
        }
    }
}

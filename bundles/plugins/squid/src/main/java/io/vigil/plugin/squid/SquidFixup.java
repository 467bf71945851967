package io.vigil.plugin.squid;

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
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Component;

/**
 * MozDef's {@code squidFixup}: a squid access log line (squid's default {@code logformat squid}, posted to a custom
 * endpoint with category proxy) becomes a squid event: addresses, ports, proxy action, status, sizes, method, URL,
 * host and MIME type, timestamped when the request started (log time minus duration).
 */
@Component(property = {
    EventPlugin.NAME + "=squidFixup",
    EventPlugin.REGISTRATION + "=squid",
    EventPlugin.PRIORITY + ":Integer=5",
    EventPlugin.DESCRIPTION + "=squid access log lines (custom endpoint, category proxy) to proxy fields; type squid"
})
public class SquidFixup implements EventPlugin {

    private static final int HTTP_PORT = 80;
    private static final int HTTPS_PORT = 443;
    private static final double MILLIS = 1000.0;
    private static final Pattern PATH_START = Pattern.compile("[/?#]");

    private final Clock clock = Clock.systemUTC();

    @Override
    public boolean process(Event event, Metadata metadata) {
        ObjectNode received = event.document();
        if (!received.has("customendpoint") || !Fields.is(received, "category", "proxy")) {
            return true;
        }
        ObjectNode squid = JsonNodeFactory.instance.objectNode();
        squid.put("type", "squid");
        if (received.has("mozdefhostname")) {
            squid.set("mozdefhostname", received.get("mozdefhostname"));
        }
        ObjectNode details = squid.putObject("details");
        if (received.has("HOST_FROM")) {
            squid.set("hostname", received.get("HOST_FROM"));
        }
        if (received.has("TAGS") && received.has("tags")) {
            squid.set("tags", received.get("tags"));
        }
        squid.set("category", received.get("category"));
        squid.set("customendpoint", received.get("customendpoint"));
        squid.set("source", received.has("source") ? received.get("source") : squid.textNode("unknown"));
        String line = Fields.text(received, "MESSAGE");
        if (line != null) {
            squid.put("summary", line);
            if (Fields.is(squid, "source", "access")) {
                access(Fields.words(line), squid, details);
            }
        }
        squid.put("receivedtimestamp", ToUtc.now(clock));
        squid.put("eventsource", "squid");
        squid.put("severity", "INFO");
        received.removeAll();
        received.setAll(squid);
        return true;
    }

    /** {@code %ts.%03tu %6tr %>a %>p %<a %<p %Ss %<Hs %>st %<st %rm %ru %>rs %<A %mt}. */
    private void access(String[] tokens, ObjectNode squid, ObjectNode details) {
        double duration = Double.parseDouble(tokens[1]);
        details.put("duration", duration / MILLIS);
        details.put("sourceipaddress", tokens[2]);
        details.put("sourceport", number(tokens[3]));
        details.put("destinationipaddress", IpAddresses.isIpv4(tokens[4]) ? tokens[4] : "0.0.0.0");
        details.put("proxyaction", tokens[6]);
        if (!"TCP_DENIED".equals(tokens[6])) {
            details.put("destinationport", number(tokens[5]));
            details.put("host", tokens[13]);
        } else {
            url(tokens[11], details);
        }
        details.put("status", tokens[7]);
        details.put("requestsize", Integer.parseInt(tokens[8]));
        details.put("responsesize", Integer.parseInt(tokens[9]));
        String method = tokens[10];
        details.put("method", method);
        details.put("destination", tokens[11]);
        details.put("proto", "-".equals(tokens[12]) && "CONNECT".equals(method) ? "ssl" : tokens[12]);
        details.put("mimetype", tokens[14]);
        try {
            OffsetDateTime logged = ToUtc.parse(squid.numberNode(Double.parseDouble(tokens[0])), clock);
            String started = ToUtc.isoformat(logged.minusNanos(Math.round(duration * 1_000_000)));
            squid.put("utctimestamp", started);
            squid.put("timestamp", started);
        } catch (RejectedEventException e) {
            throw new IllegalArgumentException("squid log time " + tokens[0] + " unreadable", e);
        }
    }

    /** Host and port of a denied request's URL ({@code http://host:port/path}, {@code host:port} for CONNECT). */
    private static void url(String url, ObjectNode details) {
        String[] parts = url.trim().split(":", -1);
        int offset = 0;
        int port;
        if ("http".equals(parts[0])) {
            offset = 1;
            port = parts.length > 2 ? Integer.parseInt(parts[2].split("/", -1)[0]) : HTTP_PORT;
        } else if ("https".equals(parts[0])) {
            offset = 1;
            port = HTTPS_PORT;
        } else {
            port = Integer.parseInt(parts[parts.length - 1]);
        }
        String host = parts[offset].startsWith("//") ? parts[offset].substring(2) : parts[offset];
        host = host.substring(host.lastIndexOf('@') + 1);
        Matcher pathStart = PATH_START.matcher(host);
        host = (pathStart.find() ? host.substring(0, pathStart.start()) : host).toLowerCase(Locale.ROOT);
        details.put("destinationport", port);
        details.put("host", host.endsWith(".") ? host.substring(0, host.length() - 1) : host);
    }

    private static int number(String token) {
        return "-".equals(token) ? 0 : Integer.parseInt(token);
    }
}

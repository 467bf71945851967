package io.vigil.alert.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.alert.Alert;
import io.vigil.api.alert.AlertPlugin;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MozDef's geomodel_ipintel_enrichment alert plugin: on alerts tagged {@code matchTag} (geomodel's), the addresses of
 * {@code details.hops} (each origin, and the last destination) found in an IP intel file ({@code {"1.2.3.4":
 * {"TorNode": 127}}}) are listed in {@code details.ipintel} as {@code {ip, classification, threatscore}}, and Tor
 * nodes and VPNs are named in the summary. Without an intel file the plugin does nothing.
 */
@Component(name = "io.vigil.alert.plugins.ipintel", configurationPid = "io.vigil.alert.plugins.ipintel")
@Designate(ocd = GeomodelIpintelEnrichment.Config.class)
public class GeomodelIpintelEnrichment implements AlertPlugin {

    @ObjectClassDefinition(name = "Vigil geomodel_ipintel_enrichment", description = "Tor and VPN intel on the hops of geomodel alerts")
    public @interface Config {
        @AttributeDefinition(description = "IP intel JSON file ({\"ip\": {\"classification\": score}}); empty: the plugin does nothing")
        String file() default "";

        @AttributeDefinition(description = "Alerts with this tag are enriched")
        String matchTag() default "geomodel";
    }

    private static final Logger LOG = LoggerFactory.getLogger(GeomodelIpintelEnrichment.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOR = "TorNode";
    private static final String VPN = "VPN";

    private final JsonNode intel;
    private final String matchTag;

    @Activate
    public GeomodelIpintelEnrichment(Config config) {
        JsonNode loaded = null;
        if (!config.file().isBlank()) {
            try {
                loaded = JSON.readTree(Path.of(config.file().trim()).toFile());
                LOG.info("geomodel_ipintel_enrichment: intel on {} addresses from {}", loaded.size(), config.file());
            } catch (IOException e) {
                LOG.error("geomodel_ipintel_enrichment inactive: cannot read {}: {}", config.file(), e.getMessage());
            }
        }
        this.intel = loaded;
        this.matchTag = config.matchTag();
    }

    @Override
    public void enrich(Alert alert) {
        if (intel == null) {
            return;
        }
        for (JsonNode tag : alert.document().path("tags")) {
            if (matchTag.equals(tag.asText())) {
                enrich(alert.document(), intel);
                return;
            }
        }
    }

    /** MozDef's enrich(alert, intel), in place. */
    public static ObjectNode enrich(ObjectNode alert, JsonNode intel) {
        ObjectNode details = alert.path("details").isObject() ? (ObjectNode) alert.get("details") : alert.putObject("details");
        JsonNode hops = details.path("hops");
        List<String> ips = new ArrayList<>();
        hops.forEach(hop -> ips.add(hop.path("origin").path("ip").asText()));
        if (hops.size() > 0) {
            ips.add(hops.get(hops.size() - 1).path("destination").path("ip").asText());
        }
        List<ObjectNode> entries = new ArrayList<>();
        for (String ip : ips) {
            for (Iterator<Map.Entry<String, JsonNode>> classes = intel.path(ip).fields(); classes.hasNext();) {
                Map.Entry<String, JsonNode> classification = classes.next();
                ObjectNode entry = JsonNodeFactory.instance.objectNode().put("ip", ip).put("classification", classification.getKey());
                entry.set("threatscore", classification.getValue());
                if (!entries.contains(entry)) {
                    entries.add(entry);
                }
            }
        }
        StringBuilder summary = new StringBuilder(alert.path("summary").asText(""));
        List<String> tor = entries.stream().filter(entry -> TOR.equals(entry.path("classification").asText())).map(entry -> entry.path("ip").asText()).toList();
        List<String> vpn = entries.stream().filter(entry -> VPN.equals(entry.path("classification").asText())).map(entry -> entry.path("ip").asText()).toList();
        if (!tor.isEmpty()) {
            summary.append("; Tor nodes detected: ").append(String.join(", ", tor));
        }
        if (!vpn.isEmpty()) {
            summary.append("; VPNs detected: ").append(String.join(", ", vpn));
        }
        alert.put("summary", summary.toString());
        ArrayNode list = details.putArray("ipintel");
        entries.forEach(list::add);
        return alert;
    }
}

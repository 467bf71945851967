package io.vigil.alert.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.alert.Alert;
import io.vigil.api.alert.AlertPlugin;
import io.vigil.support.IpNetwork;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MozDef's ip_source_enrichment alert plugin, for every alert: each IP address found anywhere in the alert that falls
 * in a known range appends the range's format ({@code {0}} the address, {@code {1}} the site) to the summary after
 * {@code "; "}, and is listed in {@code details.sites} as {@code {ip, site}}. The ranges come from a JSON file in
 * MozDef's format ({@code {"known": [{"range": "10.0.0.0/8", "site": "office1", "format": "{0} is in {1}"}]}});
 * without one the plugin does nothing.
 */
@Component(name = "io.vigil.alert.plugins.ipsource", configurationPid = "io.vigil.alert.plugins.ipsource")
@Designate(ocd = IpSourceEnrichment.Config.class)
public class IpSourceEnrichment implements AlertPlugin {

    @ObjectClassDefinition(name = "Vigil ip_source_enrichment", description = "Sites of known address ranges added to alerts")
    public @interface Config {
        @AttributeDefinition(description = "JSON file of known ranges, MozDef's ip_source_enrichment.json format; empty: the plugin does nothing")
        String file() default "";
    }

    /** One known range. */
    public record Known(IpNetwork network, String site, String format) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(IpSourceEnrichment.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern IPV4 = Pattern.compile(
            "(?:(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\\.){3}(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)");
    // MozDef's expression, first alternatives first: full, then compressed forms.
    private static final Pattern IPV6 = Pattern.compile("(?:[0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}|(?:[0-9a-fA-F]{1,4}:){1,7}:"
            + "|(?:[0-9a-fA-F]{1,4}:){1,6}:[0-9a-fA-F]{1,4}|(?:[0-9a-fA-F]{1,4}:){1,5}(?::[0-9a-fA-F]{1,4}){1,2}"
            + "|(?:[0-9a-fA-F]{1,4}:){1,4}(?::[0-9a-fA-F]{1,4}){1,3}|(?:[0-9a-fA-F]{1,4}:){1,3}(?::[0-9a-fA-F]{1,4}){1,4}"
            + "|(?:[0-9a-fA-F]{1,4}:){1,2}(?::[0-9a-fA-F]{1,4}){1,5}|[0-9a-fA-F]{1,4}:(?::[0-9a-fA-F]{1,4}){1,6}"
            + "|:(?:(?::[0-9a-fA-F]{1,4}){1,7}|:)");

    private final List<Known> known;

    @Activate
    public IpSourceEnrichment(Config config) {
        List<Known> loaded = List.of();
        if (!config.file().isBlank()) {
            try {
                loaded = read(JSON.readTree(Path.of(config.file().trim()).toFile()).path("known"));
                LOG.info("ip_source_enrichment: {} known ranges from {}", loaded.size(), config.file());
            } catch (IOException | RuntimeException e) {
                LOG.error("ip_source_enrichment inactive: cannot read {}: {}", config.file(), e.getMessage());
            }
        }
        this.known = loaded;
    }

    @Override
    public void enrich(Alert alert) {
        if (!known.isEmpty()) {
            enrich(alert.document(), known);
        }
    }

    /** The known ranges of MozDef's configuration ({@code known}). */
    public static List<Known> read(JsonNode entries) {
        List<Known> known = new ArrayList<>();
        for (JsonNode entry : entries) {
            known.add(new Known(IpNetwork.parse(entry.path("range").asText()), entry.path("site").asText(), entry.path("format").asText("{0}")));
        }
        return known;
    }

    /** MozDef's enrich(alert, known_ips), in place. */
    public static ObjectNode enrich(ObjectNode alert, List<Known> known) {
        Set<String> ips = new LinkedHashSet<>();
        collect(alert, ips);
        ObjectNode details = alert.path("details").isObject() ? (ObjectNode) alert.get("details") : alert.putObject("details");
        ArrayNode sites = details.putArray("sites");
        StringBuilder summary = new StringBuilder(alert.path("summary").asText(""));
        for (String ip : ips) {
            for (Known range : known) {
                if (range.network().contains(ip)) {
                    summary.append("; ").append(range.format().replace("{0}", ip).replace("{1}", range.site()));
                    sites.addObject().put("ip", ip).put("site", range.site());
                }
            }
        }
        alert.put("summary", summary.toString());
        return alert;
    }

    private static void collect(JsonNode value, Set<String> ips) {
        if (value.isTextual()) {
            Matcher v4 = IPV4.matcher(value.asText());
            while (v4.find()) {
                ips.add(v4.group());
            }
            Matcher v6 = IPV6.matcher(value.asText());
            while (v6.find()) {
                ips.add(v6.group());
            }
        } else if (value.isContainerNode()) {
            value.forEach(item -> collect(item, ips));
        }
    }
}

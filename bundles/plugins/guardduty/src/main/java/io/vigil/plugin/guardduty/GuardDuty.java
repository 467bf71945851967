package io.vigil.plugin.guardduty;

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
import io.vigil.support.MappingTables;
import java.time.Clock;
import java.util.Locale;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * MozDef's {@code guardDuty}: an AWS GuardDuty finding ({@code source: guardduty}) becomes a guardduty event with
 * the fields its finding type has in {@code guardduty_mapping.yml}, ISO dates, the instance's DNS name as
 * hostname, AWS tags flattened, and addresses in attack direction: outbound brute force (our instance attacking)
 * is flipped so the source is the attacker, and an inbound finding without a destination gets the instance's
 * public IP. MozDef's flip failed on SSH findings without a destination address; here the missing side is 0.0.0.0.
 */
@Component(configurationPid = "io.vigil.plugin.guardduty", property = {
    EventPlugin.NAME + "=guardDuty",
    EventPlugin.REGISTRATION + "=guardduty",
    EventPlugin.PRIORITY + ":Integer=3",
    EventPlugin.DESCRIPTION + "=AWS GuardDuty findings: fields by finding type (guardduty_mapping.yml), dates, hostname, attack direction"
})
@Designate(ocd = GuardDuty.Config.class)
public class GuardDuty implements EventPlugin {

    @ObjectClassDefinition(name = "Vigil GuardDuty", description = "Where the GuardDuty finding mapping table comes from")
    public @interface Config {
        @AttributeDefinition(description = "A guardduty_mapping.yml replacing the one in the bundle (MozDef's format); empty = the bundled table")
        String mapping_file() default "";
    }

    private static final String[] DATES = {"gdeventcreatedts", "gdeventupdatedts", "gdeventfirstseents", "gdeventlastseents"};
    private static final Set<String> BRUTE_FORCE = Set.of("UnauthorizedAccess:EC2/RDPBruteForce", "UnauthorizedAccess:EC2/SSHBruteForce");
    private static final String INBOUND = "INBOUND";
    private static final String OUTBOUND = "OUTBOUND";
    private static final String NO_ADDRESS = "0.0.0.0";

    private final JsonNode mapping;
    private final Clock clock = Clock.systemUTC();

    @Activate
    public GuardDuty(Config config) {
        this.mapping = MappingTables.load(GuardDuty.class, "guardduty_mapping.yml", config.mapping_file());
    }

    @Override
    public boolean process(Event event, Metadata metadata) {
        ObjectNode received = event.document();
        if (!Fields.is(received, "source", "guardduty") || !(received.get("details") instanceof ObjectNode finding)) {
            return true;
        }
        ObjectNode gd = JsonNodeFactory.instance.objectNode();
        for (String field : new String[] {"receivedtimestamp", "timestamp", "utctimestamp", "mozdefhostname"}) {
            if (received.has(field)) {
                gd.set(field, received.get(field));
            }
        }
        ArrayNode tags = gd.putArray("tags").add("aws").add("guardduty");
        JsonNode receivedTags = received.get("tags");
        if (receivedTags instanceof ArrayNode list) {
            tags.addAll(list);
        } else if (receivedTags != null) {
            tags.add(receivedTags);
        }
        gd.put("category", "guardduty");
        gd.put("source", "guardduty");
        gd.put("customendpoint", "");
        ObjectNode details = gd.putObject("details");
        String actionType = Fields.at(finding, "finding.action.actionType").asText("");
        details.put("type", actionType.toLowerCase(Locale.ROOT));
        String type = Fields.text(finding, "category");
        details.set("finding", finding.get("category"));
        gd.set("summary", finding.get("title"));
        details.put("resourcerole", Fields.at(finding, "finding.resourceRole").asText("").toLowerCase(Locale.ROOT));
        if (!"AWS_API_CALL".equals(actionType) && Fields.at(finding, "resource.instanceDetails") instanceof ObjectNode instance
                && instance.get("networkInterfaces") instanceof ArrayNode nics && !nics.isEmpty()) {
            instance.set("networkInterfaces", nics.get(0));
        }
        JsonNode fields = type == null ? null : mapping.get(type);
        if (fields != null && fields.isObject()) {
            MappingTables.apply(fields, received, details);
        }
        for (String date : DATES) {
            if (details.has(date)) {
                details.put(date, iso(details.get(date)));
            }
        }
        JsonNode domain = Fields.at(details, "miscinfo.domain");
        if (!domain.isMissingNode()) {
            details.set("query", domain);
        }
        if (details.has("tags")) {
            ArrayNode awstags = details.putArray("awstags");
            details.remove("tags").forEach(tag -> tag.forEach(value -> awstags.add(value.asText().toLowerCase(Locale.ROOT))));
        }
        if (details.has("publicdnsname")) {
            gd.set("hostname", details.get("publicdnsname"));
        } else if (details.has("privatednsname")) {
            gd.set("hostname", details.get("privatednsname"));
        }
        direction(type, details);
        received.removeAll();
        received.setAll(gd);
        return true;
    }

    private static void direction(String type, ObjectNode details) {
        if (BRUTE_FORCE.contains(type) && Fields.is(details, "direction", OUTBOUND)) {
            JsonNode source = details.has("sourceipaddress") ? details.get("sourceipaddress") : details.textNode(NO_ADDRESS);
            JsonNode destination = details.has("destinationipaddress") ? details.get("destinationipaddress") : details.textNode(NO_ADDRESS);
            details.set("sourceipaddress", destination);
            details.set("destinationipaddress", source);
            details.remove("sourceport");
            details.remove("destinationport");
        }
        if (!details.has("direction")) {
            details.put("direction", INBOUND);
        }
        String side = Fields.is(details, "direction", INBOUND) ? "destinationipaddress" : Fields.is(details, "direction", OUTBOUND) ? "sourceipaddress" : null;
        if (side != null && !details.has(side) && details.has("publicip")) {
            details.set(side, details.get("publicip"));
        }
    }

    private String iso(JsonNode value) {
        try {
            return ToUtc.isoformat(ToUtc.parse(value, clock));
        } catch (RejectedEventException e) {
            throw new IllegalArgumentException("GuardDuty date " + value + " unreadable", e);
        }
    }
}

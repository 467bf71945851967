package io.vigil.alert.mozdef;

import static io.vigil.alert.mozdef.Queries.bool;
import static io.vigil.alert.mozdef.Queries.leaf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.alert.AlertContext;
import io.vigil.api.alert.AlertRule;
import io.vigil.support.RejectedEventException;
import io.vigil.support.ToUtc;
import io.vigil.support.IpNetwork;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * MozDef's alerts/geomodel_location.py (GeoModel): impossible travel. Each user's recent localities (a place, from
 * the geolocation of the address they acted from, and when) are kept in the state index {@code localities}; a run
 * reads the user's authenticated events, and alerts when getting from the last known locality to the first new one,
 * or between two new ones, would have taken longer than a flight (277.778 m/s, less the time to cross the smaller
 * radius). Localities older than the valid duration are forgotten. The engine's window replaces GeoModel's own
 * record of its last run; the ASN-movement factor (a MaxMind ASN database) is not ported, so {@code factors} stays
 * empty. Defaults are geomodel_location.json's.
 */
@Component(name = "io.vigil.alert.mozdef.geomodellocation", configurationPid = "io.vigil.alert.mozdef.geomodellocation", service = AlertRule.class)
@Designate(ocd = GeomodelLocation.Config.class)
public class GeomodelLocation implements AlertRule {

    @ObjectClassDefinition(name = "Vigil rule geomodel_location", description = "Impossible travel between a user's localities")
    public @interface Config {
        @AttributeDefinition(description = "Query string of the authenticated events (each with details.username and details.sourceipgeolocation)")
        String query() default "tags:auth0";

        @AttributeDefinition(description = "Window of a first run, in minutes (later runs cover the time since the last)")
        int windowMinutes() default 5;

        @AttributeDefinition(description = "State index of the users' localities")
        String localitiesIndex() default "localities";

        @AttributeDefinition(description = "Radius of a locality, in kilometres: closer activity is the same place")
        double radiusKilometres() default 50;

        @AttributeDefinition(description = "Days a locality is remembered after its last activity")
        int validDurationDays() default 1;

        @AttributeDefinition(description = "Severity of the alerts")
        String severity() default "INFO";

        @AttributeDefinition(description = "Users never alerted on")
        String[] whitelistUsers() default {};

        @AttributeDefinition(description = "Networks whose addresses are never alerted on")
        String[] whitelistCidrs() default {};
    }

    /** A place a user acted from, and when they last did. */
    record Locality(String ip, String city, String country, OffsetDateTime lastAction, double latitude, double longitude, double radius) {
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String USERNAME = "details.username";
    private static final String TYPE = "locality";
    private static final double AIR_TRAVEL_SPEED = 277.778;
    private static final double EARTH_RADIUS_KM = 6373.0;

    private final Config config;

    @Activate
    public GeomodelLocation(Config config) {
        this.config = config;
        for (String cidr : config.whitelistCidrs()) {
            IpNetwork.parse(cidr);
        }
    }

    /** With MozDef's configuration values (the vectors', and ServiceLoader's outside the container). */
    public GeomodelLocation() {
        this(Queries.defaults(Config.class));
    }

    @Override
    public String name() {
        return "geomodel_location";
    }

    @Override
    public String classname() {
        return "AlertGeoModel";
    }

    @Override
    public Duration window() {
        return Duration.ofMinutes(config.windowMinutes());
    }

    @Override
    public List<Finding> find(AlertContext context) throws Exception {
        ObjectNode query = bool("must", NODES.objectNode().set("query_string", NODES.objectNode().put("query", config.query())),
                leaf("exists", "field", USERNAME));
        ArrayNode mustNot = ((ObjectNode) query.get("bool")).putArray("must_not");
        mustNot.add(leaf("term", USERNAME, ""));
        for (String user : config.whitelistUsers()) {
            mustNot.add(leaf("term", USERNAME, user));
        }
        for (String cidr : config.whitelistCidrs()) {
            IpNetwork network = IpNetwork.parse(cidr);
            mustNot.add(NODES.objectNode().set("range", NODES.objectNode().set("details.sourceipaddress",
                    NODES.objectNode().put("gte", network.firstAddress()).put("lte", network.lastAddress()))));
        }
        Map<String, List<JsonNode>> byUser = new LinkedHashMap<>();
        for (JsonNode hit : context.search(query, 1000).path("hits").path("hits")) {
            byUser.computeIfAbsent(hit.path("_source").path("details").path("username").asText(), user -> new ArrayList<>()).add(hit);
        }
        Clock clock = Clock.fixed(context.now(), ZoneOffset.UTC);
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<String, List<JsonNode>> user : byUser.entrySet()) {
            Finding finding = user(context, clock, user.getKey(), user.getValue());
            if (finding != null) {
                findings.add(finding);
            }
        }
        return findings;
    }

    private Finding user(AlertContext context, Clock clock, String username, List<JsonNode> events) throws Exception {
        List<Locality> fromEvents = new ArrayList<>();
        for (JsonNode event : events) {
            Locality locality = fromEvent(event.path("_source"), clock);
            if (locality != null) {
                fromEvents.add(locality);
            }
        }
        fromEvents.sort(Comparator.comparing(Locality::lastAction).reversed());
        JsonNode stored = context.searchState(config.localitiesIndex(), bool("must", leaf("term", "type_", TYPE), leaf("term", "username", username)), 1)
                .path("hits").path("hits").path(0);
        String id = stored.isMissingNode() ? null : stored.path("_id").asText();
        List<Locality> known = new ArrayList<>();
        for (JsonNode locality : stored.path("_source").path("localities")) {
            known.add(new Locality(locality.path("sourceipaddress").asText(), locality.path("city").asText(), locality.path("country").asText(),
                    ToUtc.parse(locality.path("lastaction").asText(), clock), locality.path("latitude").asDouble(), locality.path("longitude").asDouble(),
                    locality.path("radius").asDouble(config.radiusKilometres())));
        }
        OffsetDateTime oldest = OffsetDateTime.now(clock).minusDays(config.validDurationDays());
        boolean outdated = known.removeIf(locality -> locality.lastAction().isBefore(oldest));
        List<ObjectNode[]> hops = hops(fromEvents, known);
        boolean updated = update(known, fromEvents);
        if (updated || outdated) {
            ObjectNode state = NODES.objectNode().put("type_", TYPE).put("username", username);
            ArrayNode localities = state.putArray("localities");
            known.forEach(locality -> localities.add(NODES.objectNode().put("sourceipaddress", locality.ip()).put("city", locality.city())
                    .put("country", locality.country()).put("lastaction", ToUtc.isoformat(locality.lastAction()))
                    .put("latitude", locality.latitude()).put("longitude", locality.longitude()).put("radius", locality.radius())));
            context.saveState(config.localitiesIndex(), id, state);
        }
        if (hops.isEmpty()) {
            return null;
        }
        List<String> journeys = new ArrayList<>();
        ArrayNode hopList = NODES.arrayNode();
        for (ObjectNode[] hop : hops) {
            ObjectNode origin = hop[0];
            ObjectNode destination = hop[1];
            double km = distance(origin.path("latitude").asDouble(), origin.path("longitude").asDouble(), destination.path("latitude").asDouble(),
                    destination.path("longitude").asDouble());
            double minutes = Math.abs(Duration.between(OffsetDateTime.parse(destination.path("observed").asText()),
                    OffsetDateTime.parse(origin.path("observed").asText())).toNanos()) / 60e9;
            journeys.add(String.format(Locale.ROOT, "%s,%s then %s,%s (%.2f KM in %.2f minutes)", origin.path("city").asText(),
                    origin.path("country").asText(), destination.path("city").asText(), destination.path("country").asText(), km, minutes));
            hopList.add(NODES.objectNode().<ObjectNode>set("origin", origin).set("destination", destination));
        }
        String address = hops.get(hops.size() - 1)[1].path("ip").asText();
        ObjectNode details = NODES.objectNode().put("username", username);
        details.set("hops", hopList);
        details.put("sourceipaddress", address).put("sourceipv4address", address);
        details.putArray("factors");
        return new Finding(username + " seen in " + String.join("; ", journeys), config.severity(), "geomodel", List.of("geomodel"), events, details,
                null, null);
    }

    private Locality fromEvent(JsonNode source, Clock clock) {
        JsonNode details = source.path("details");
        JsonNode geo = details.path("sourceipgeolocation");
        if (!details.hasNonNull("sourceipaddress") || !geo.isObject()) {
            return null;
        }
        for (String field : List.of("city", "country_code", "latitude", "longitude")) {
            if (!geo.hasNonNull(field)) {
                return null;
            }
        }
        OffsetDateTime at;
        try {
            at = source.hasNonNull("utctimestamp") ? ToUtc.parse(source.path("utctimestamp").asText(), clock) : OffsetDateTime.now(clock);
        } catch (RejectedEventException e) {
            return null;
        }
        return new Locality(details.path("sourceipaddress").asText(), geo.path("city").asText(), geo.path("country_code").asText(), at,
                geo.path("latitude").asDouble(), geo.path("longitude").asDouble(), config.radiusKilometres());
    }

    /** MozDef's alert(): the last stored locality, then the new ones by time; each impossible step is a hop. */
    private static List<ObjectNode[]> hops(List<Locality> fromEvents, List<Locality> known) {
        List<Locality> path = new ArrayList<>();
        known.stream().max(Comparator.comparing(Locality::lastAction)).ifPresent(path::add);
        fromEvents.stream().sorted(Comparator.comparing(Locality::lastAction)).forEach(path::add);
        List<ObjectNode[]> hops = new ArrayList<>();
        for (int i = 0; i + 1 < path.size(); i++) {
            if (!travelPossible(path.get(i), path.get(i + 1))) {
                hops.add(new ObjectNode[] {origin(path.get(i)), origin(path.get(i + 1))});
            }
        }
        return hops;
    }

    private static boolean travelPossible(Locality from, Locality to) {
        double metres = 1000 * distance(from.latitude(), from.longitude(), to.latitude(), to.longitude());
        double seconds = Math.abs(Duration.between(from.lastAction(), to.lastAction()).toNanos()) / 1e9;
        double pad = Math.ceil(1000 * Math.min(from.radius(), to.radius()) / AIR_TRAVEL_SPEED);
        return metres / AIR_TRAVEL_SPEED - pad <= seconds;
    }

    /** MozDef's locality.update: a new locality replaces a known one within the radius when later or from another address. */
    private static boolean update(List<Locality> known, List<Locality> fromEvents) {
        boolean updated = false;
        for (Locality fresh : fromEvents) {
            boolean found = false;
            for (int i = 0; i < known.size(); i++) {
                Locality old = known.get(i);
                if (distance(fresh.latitude(), fresh.longitude(), old.latitude(), old.longitude()) <= Math.min(fresh.radius(), old.radius())) {
                    found = true;
                    if (fresh.lastAction().isAfter(old.lastAction()) || !fresh.ip().equals(old.ip())) {
                        known.set(i, fresh);
                        updated = true;
                    }
                    break;
                }
            }
            if (!found) {
                known.add(fresh);
                updated = true;
            }
        }
        return updated;
    }

    private static ObjectNode origin(Locality locality) {
        return NODES.objectNode().put("ip", locality.ip()).put("city", locality.city()).put("country", locality.country())
                .put("latitude", locality.latitude()).put("longitude", locality.longitude()).put("observed", ToUtc.isoformat(locality.lastAction()))
                // Python's str(float) for the coordinates a geolocation gives, which have no exponents.
                .put("geopoint", locality.latitude() + "," + locality.longitude());
    }

    /** The haversine distance in kilometres, with MozDef's Earth radius. */
    static double distance(double latitude1, double longitude1, double latitude2, double longitude2) {
        double lat1 = Math.toRadians(latitude1);
        double lat2 = Math.toRadians(latitude2);
        double a = Math.pow(Math.sin((lat2 - lat1) / 2), 2)
                + Math.cos(lat1) * Math.cos(lat2) * Math.pow(Math.sin((Math.toRadians(longitude2) - Math.toRadians(longitude1)) / 2), 2);
        return 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a)) * EARTH_RADIUS_KM;
    }
}

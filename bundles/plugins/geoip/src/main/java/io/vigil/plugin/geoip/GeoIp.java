package io.vigil.plugin.geoip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.CityResponse;
import com.maxmind.geoip2.record.Subdivision;
import io.vigil.api.Event;
import io.vigil.api.EventPlugin;
import io.vigil.api.Metadata;
import io.vigil.support.Fields;
import io.vigil.support.IpAddresses;
import io.vigil.support.PythonJson;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MozDef's {@code geoip}: public source and destination addresses get {@code details.<side>ipgeolocation} (city,
 * country, continent, coordinates, time zone...) from a MaxMind City database, and {@code <side>ipgeopoint}
 * ("lat,lon", a geo_point in the index). An address field that is not an IP address becomes 0.0.0.0. Vigil ships no
 * database and downloads none: point {@code database} in {@code etc/io.vigil.plugin.geoip.cfg} at a GeoLite2-City
 * or GeoIP2-City {@code .mmdb}; without one the plugin stays inactive and says so.
 */
@Component(configurationPid = "io.vigil.plugin.geoip", property = {
    EventPlugin.NAME + "=geoip",
    EventPlugin.REGISTRATION + "=sourceipaddress",
    EventPlugin.REGISTRATION + "=destinationipaddress",
    EventPlugin.PRIORITY + ":Integer=20",
    EventPlugin.DESCRIPTION + "=public source/destination addresses to details.*ipgeolocation and *ipgeopoint (MaxMind City database)"
})
@Designate(ocd = GeoIp.Config.class)
public class GeoIp implements EventPlugin {

    @ObjectClassDefinition(name = "Vigil GeoIP", description = "The MaxMind City database the geoip plugin looks addresses up in")
    public @interface Config {
        @AttributeDefinition(description = "Path of a GeoLite2-City or GeoIP2-City .mmdb file; empty = plugin inactive")
        String database() default "";
    }

    private static final Logger LOG = LoggerFactory.getLogger(GeoIp.class);
    private static final String[] SIDES = {"source", "destination"};

    private final DatabaseReader reader;
    private final String inactiveReason;

    @Activate
    public GeoIp(Config config) {
        String path = config.database().trim();
        DatabaseReader opened = null;
        String reason = null;
        if (path.isEmpty()) {
            reason = "no database: set database in etc/io.vigil.plugin.geoip.cfg to a GeoLite2-City .mmdb";
        } else {
            try {
                opened = new DatabaseReader.Builder(new File(path)).build();
            } catch (IOException | RuntimeException e) {
                reason = "database " + path + " unreadable: " + e.getMessage();
            }
        }
        this.reader = opened;
        this.inactiveReason = reason;
        if (reason != null) {
            LOG.warn("GeoIP plugin inactive: {}", reason);
        } else {
            LOG.info("GeoIP plugin active: {} ({}, built {})", path, reader.getMetadata().getDatabaseType(), reader.getMetadata().getBuildDate());
        }
    }

    @Deactivate
    void close() throws IOException {
        if (reader != null) {
            reader.close();
        }
    }

    @Override
    public String inactiveReason() {
        return inactiveReason;
    }

    @Override
    public boolean process(Event event, Metadata metadata) {
        ObjectNode details = Fields.details(event.document());
        if (details == null || reader == null) {
            return true;
        }
        for (String side : SIDES) {
            String field = side + "ipaddress";
            if (!details.has(field)) {
                continue;
            }
            InetAddress address = address(details.get(field));
            if (address == null) {
                details.put(field, "0.0.0.0");
            } else if (isPublic(address)) {
                ObjectNode location = locate(address);
                details.set(side + "ipgeolocation", location);
                JsonNode latitude = location.get("latitude");
                JsonNode longitude = location.get("longitude");
                if (latitude != null && latitude.isNumber() && longitude != null && longitude.isNumber()) {
                    details.put(side + "ipgeopoint", PythonJson.dumps(latitude) + "," + PythonJson.dumps(longitude));
                }
            }
        }
        return true;
    }

    /** MozDef's {@code geo_ip.lookup_ip}: the City record's fields, or {@code error} when the address is not in the database. */
    private ObjectNode locate(InetAddress address) {
        ObjectNode location = JsonNodeFactory.instance.objectNode();
        Optional<CityResponse> found;
        try {
            found = reader.tryCity(address);
        } catch (IOException | GeoIp2Exception e) {
            return location.put("error", e.getMessage());
        }
        if (found.isEmpty()) {
            return location.put("error", "The address " + address.getHostAddress() + " is not in the database.");
        }
        CityResponse city = found.get();
        location.put("city", city.getCity().getName());
        location.put("continent", city.getContinent().getCode());
        location.put("country_code", city.getCountry().getIsoCode());
        location.put("country_name", city.getCountry().getName());
        location.put("dma_code", city.getLocation().getMetroCode());
        location.put("latitude", city.getLocation().getLatitude());
        location.put("longitude", city.getLocation().getLongitude());
        String metro = city.getCity().getNames().isEmpty() ? "" : city.getCity().getNames().getOrDefault("en", "");
        location.put("postal_code", city.getPostal().getCode());
        String region = "";
        if (!city.getSubdivisions().isEmpty()) {
            Subdivision first = city.getSubdivisions().get(0);
            region = first.getIsoCode();
            metro += ", " + region;
        }
        location.put("metro_code", metro);
        location.put("region_code", region);
        location.put("time_zone", city.getLocation().getTimeZone());
        return location;
    }

    /** The address of an IP literal (a CIDR network stands for its first address), or {@code null}: never a DNS lookup. */
    private static InetAddress address(JsonNode value) {
        if (!value.isTextual()) {
            return null;
        }
        String text = value.textValue().trim();
        int slash = text.indexOf('/');
        String literal = slash < 0 ? text : text.substring(0, slash);
        if (!IpAddresses.isIpv4(literal) && !IpAddresses.isIpv6(literal)) {
            return null;
        }
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Not loopback, private, link-local, multicast or unspecified: an address a City database may know. */
    static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress() || address.isAnyLocalAddress()
                || address.isMulticastAddress()) {
            return false;
        }
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            // Carrier-grade NAT (100.64/10) and reserved 240/4: private in netaddr's sense too.
            return !(first == 100 && second >= 64 && second < 128) && first < 240 && first != 0;
        }
        // IPv6 unique local addresses fc00::/7.
        return (bytes[0] & 0xfe) != 0xfc;
    }
}

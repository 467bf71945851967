package io.vigil.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.core.JsonEvent;
import io.vigil.plugin.geoip.GeoIp;
import java.lang.annotation.Annotation;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The geoip plugin against MaxMind's real reader, over a City database this test writes. */
public class GeoIpTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    static Path database(Path file) throws Exception {
        new MmdbWriter()
                .add("81.2.69.0", 24, MmdbWriter.city("London", "GB", "United Kingdom", "EU", 51.5142, -0.0931, "Europe/London", "ENG", "EC2V"))
                .add("216.160.83.0", 24, MmdbWriter.city("Milton", "US", "United States", "NA", 47.2513, -122.3149, "America/Los_Angeles", "WA", "98354"))
                .write(file);
        return file;
    }

    private static GeoIp plugin(String path) {
        return new GeoIp(new GeoIp.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return GeoIp.Config.class;
            }

            @Override
            public String database() {
                return path;
            }
        });
    }

    private static ObjectNode run(GeoIp plugin, String json) throws Exception {
        JsonEvent event = new JsonEvent((ObjectNode) JSON.readTree(json), "events", null);
        assertTrue(plugin.process(event, event));
        return event.document();
    }

    @Test
    public void publicAddressesGetTheirCity() throws Exception {
        GeoIp plugin = plugin(database(folder.getRoot().toPath().resolve("city.mmdb")).toString());
        assertNull(plugin.inactiveReason());
        ObjectNode event = run(plugin, "{\"details\":{\"sourceipaddress\":\"81.2.69.160\",\"destinationipaddress\":\"216.160.83.56\"}}");
        ObjectNode source = (ObjectNode) event.at("/details/sourceipgeolocation");
        assertEquals("London", source.get("city").asText());
        assertEquals("GB", source.get("country_code").asText());
        assertEquals("United Kingdom", source.get("country_name").asText());
        assertEquals("EU", source.get("continent").asText());
        assertEquals("Europe/London", source.get("time_zone").asText());
        assertEquals("ENG", source.get("region_code").asText());
        assertEquals("London, ENG", source.get("metro_code").asText());
        assertEquals("EC2V", source.get("postal_code").asText());
        assertEquals("51.5142,-0.0931", event.at("/details/sourceipgeopoint").asText());
        assertEquals("Milton", event.at("/details/destinationipgeolocation/city").asText());
        assertEquals("47.2513,-122.3149", event.at("/details/destinationipgeopoint").asText());
    }

    @Test
    public void privateAddressesAreLeftAloneAndUnknownOnesSaySo() throws Exception {
        GeoIp plugin = plugin(database(folder.getRoot().toPath().resolve("city.mmdb")).toString());
        ObjectNode event = run(plugin, "{\"details\":{\"sourceipaddress\":\"10.1.2.3\",\"destinationipaddress\":\"8.8.8.8\"}}");
        assertFalse(event.at("/details").has("sourceipgeolocation"));
        assertEquals("The address 8.8.8.8 is not in the database.", event.at("/details/destinationipgeolocation/error").asText());
        assertFalse(event.at("/details").has("destinationipgeopoint"));
    }

    @Test
    public void anAddressFieldThatIsNoAddressBecomesZeros() throws Exception {
        GeoIp plugin = plugin(database(folder.getRoot().toPath().resolve("city.mmdb")).toString());
        ObjectNode event = run(plugin, "{\"details\":{\"sourceipaddress\":\"not-an-ip.example.com\"}}");
        assertEquals("0.0.0.0", event.at("/details/sourceipaddress").asText());
    }

    @Test
    public void withoutADatabaseThePluginIsInactiveAndSaysWhy() {
        GeoIp none = plugin("");
        assertNotNull(none.inactiveReason());
        assertTrue(none.inactiveReason().contains("etc/io.vigil.plugin.geoip.cfg"));
        GeoIp missing = plugin(folder.getRoot().toPath().resolve("missing.mmdb").toString());
        assertTrue(missing.inactiveReason(), missing.inactiveReason().contains("missing.mmdb"));
    }
}

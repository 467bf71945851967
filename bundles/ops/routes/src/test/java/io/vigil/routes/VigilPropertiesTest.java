package io.vigil.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class VigilPropertiesTest {

    @Test
    void keysAreNamedAfterTheirPidWithoutFrameworkKeys() {
        Properties properties = VigilProperties.of(Map.of(
                "io.vigil.http", Map.of("port", 8780, "host", "127.0.0.1", "sslContextParameters", "", "service.pid", "io.vigil.http",
                        "felix.fileinstall.filename", "file:/etc/io.vigil.http.cfg"),
                "org.apache.karaf.shell", Map.of("sshPort", 8101)));

        assertEquals("8780", properties.getProperty("http.port"));
        assertEquals("127.0.0.1", properties.getProperty("http.host"));
        assertEquals(2, properties.size(), properties::toString);
        assertNull(properties.getProperty("http.sslContextParameters"), "an empty value is none, for {{?http.sslContextParameters}}");
        assertNull(properties.getProperty("shell.sshPort"));
    }
}

package io.vigil.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

    private final Set<String> proxies = ClientAddress.proxies(" 10.0.0.2, 10.0.0.3 ,");

    @Test
    void theHeaderCountsOnlyFromATrustedProxy() {
        assertEquals("203.0.113.9", ClientAddress.of("203.0.113.9", "198.51.100.1", proxies), "a client naming another address is not believed");
        assertEquals("198.51.100.1", ClientAddress.of("10.0.0.2", "198.51.100.1", proxies));
        assertEquals("10.0.0.2", ClientAddress.of("10.0.0.2", null, proxies));
    }

    @Test
    void theLastHopThatIsNoProxyIsTheClient() {
        // what the client wrote itself comes first and is not believed; the proxies appended the rest
        assertEquals("198.51.100.1", ClientAddress.of("10.0.0.2", "1.2.3.4, 198.51.100.1, 10.0.0.3", proxies));
        assertEquals("10.0.0.2", ClientAddress.of("10.0.0.2", "10.0.0.3", proxies));
        assertEquals("198.51.100.1", ClientAddress.of("198.51.100.1", "1.2.3.4", Set.of()));
    }
}

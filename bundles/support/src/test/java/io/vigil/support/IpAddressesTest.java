package io.vigil.support;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressesTest {

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "1.2.3.4", "255.255.255.255", "10.22.74.208"})
    void ipv4(String address) {
        assertTrue(IpAddresses.isIpv4(address));
        assertFalse(IpAddresses.isIpv6(address));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1..2.3", "1.2.3.4 ", "a.b.c.d", "1234.1.1.1", "-", "host.example.com"})
    void notIpv4(String text) {
        assertFalse(IpAddresses.isIpv4(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"::", "::1", "2001:db8::1", "fe80::1:2:3:4", "1:2:3:4:5:6:7:8", "::ffff:10.0.0.1", "2001:DB8::"})
    void ipv6(String address) {
        assertTrue(IpAddresses.isIpv6(address));
    }

    @ParameterizedTest
    @ValueSource(strings = {":", ":1", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "g::1", "1.2.3.4", "::1.2.3"})
    void notIpv6(String text) {
        assertFalse(IpAddresses.isIpv6(text));
    }
}

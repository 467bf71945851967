package io.vigil.blocklist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vigil.blocklist.Blocklist.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockRulesTest {

    private final BlockRules rules = new BlockRules(List.of("198.51.100.0/24", " "), List.of("example.org"));

    @Test
    void takesPublicAddressesAndNetworksInCanonicalForm() {
        assertEquals("203.0.113.7", rules.canonical(Kind.IP, " 203.0.113.7 "));
        assertEquals("203.0.113.7", rules.canonical(Kind.IP, "203.0.113.7/32"));
        assertEquals("203.0.112.0/22", rules.canonical(Kind.IP, "203.0.113.9/22"));
        assertEquals("2a00:1450:4001:0:0:0:0:0/48", rules.canonical(Kind.IP, "2a00:1450:4001::1/48"));
    }

    @Test
    void refusesWhatWouldCutOffOwnOrSpecialSpaceSayingWhy() {
        assertEquals("10.1.2.3 is in 10.0.0.0/8, private or reserved address space", refusal(Kind.IP, "10.1.2.3"));
        assertEquals("127.0.0.1 is in 127.0.0.0/8, private or reserved address space", refusal(Kind.IP, "127.0.0.1"));
        assertEquals("fe80:0:0:0:0:0:0:1 is in fe80:0:0:0:0:0:0:0/10, private or reserved address space", refusal(Kind.IP, "fe80::1"));
        assertEquals("100.64.0.1 is in 100.64.0.0/10, private or reserved address space", refusal(Kind.IP, "100.64.0.1"));
        // A network holding private space is refused as well as one inside it.
        assertEquals("8.0.0.0/7 is wider than a /8 (IPv4) or /32 (IPv6)", refusal(Kind.IP, "9.0.0.0/7"));
        assertEquals("172.0.0.0/8 is in 172.16.0.0/12, private or reserved address space", refusal(Kind.IP, "172.0.0.0/8"));
        assertEquals("198.51.100.9 is in 198.51.100.0/24, which the allow list protects", refusal(Kind.IP, "198.51.100.9"));
        assertEquals("'evil.example.com' is not an IP address or network", refusal(Kind.IP, "evil.example.com"));
        assertEquals("'10.1.2.3/40' is not an IP address or network", refusal(Kind.IP, "10.1.2.3/40"));
    }

    @Test
    void takesDomainNamesLowerCasedAndRefusesProtectedOnes() {
        assertEquals("evil.example.com", rules.canonical(Kind.FQDN, "Evil.Example.COM."));
        assertEquals("www.example.org is or holds example.org, which the allow list protects", refusal(Kind.FQDN, "www.example.org"));
        assertEquals("'org' is not a fully qualified domain name", refusal(Kind.FQDN, "org"));
        assertEquals("'bad_name.example.com' is not a fully qualified domain name", refusal(Kind.FQDN, "bad_name.example.com"));
        assertEquals("'10.1.2.3' is not a fully qualified domain name", refusal(Kind.FQDN, "10.1.2.3"));
    }

    @Test
    void readsMozdefDurationsAndCounts() {
        assertEquals(Duration.ofHours(12), Durations.parse("12hr"));
        assertEquals(Duration.ofDays(1), Durations.parse("1d"));
        assertEquals(Duration.ofDays(7), Durations.parse("1w"));
        assertEquals(Duration.ofDays(30), Durations.parse("30d"));
        assertEquals(Duration.ofSeconds(5), Durations.parse("5s"));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> Durations.parse("forever"));
        assertEquals("duration 'forever' is none of 12hr, 1d, 2d, 3d, 1w, 30d or <count><s|m|h|d|w>", refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("0d"));
    }

    @Test
    void publishesOneEntryALineAndJsonWithMozdefNames() {
        Instant added = Instant.parse("2026-12-01T10:00:00Z");
        List<Blocklist.Entry> entries = List.of(new Blocklist.Entry(Kind.IP, "203.0.113.7", added, added.plusSeconds(3600), "vigil", "alert-1", "scan"),
                new Blocklist.Entry(Kind.IP, "203.0.114.0/24", added, added.plusSeconds(60), "ops", "", ""));
        assertEquals("203.0.113.7\n203.0.114.0/24\n", BlocklistService.text(entries));
        assertEquals("{\"kind\":\"ip\",\"generated\":\"2026-12-01T10:00:00+00:00\",\"count\":2,\"entries\":["
                + "{\"address\":\"203.0.113.7\",\"dateAdded\":\"2026-12-01T10:00:00+00:00\",\"dateExpiring\":\"2026-12-01T11:00:00+00:00\",\"reference\":\"alert-1\"},"
                + "{\"address\":\"203.0.114.0/24\",\"dateAdded\":\"2026-12-01T10:00:00+00:00\",\"dateExpiring\":\"2026-12-01T10:01:00+00:00\",\"reference\":\"\"}]}",
                BlocklistService.json(Kind.IP, entries, added).toString());
    }

    private String refusal(Kind kind, String value) {
        return assertThrows(IllegalArgumentException.class, () -> rules.canonical(kind, value)).getMessage();
    }
}

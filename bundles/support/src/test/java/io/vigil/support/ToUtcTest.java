package io.vigil.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ToUtcTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1468443523                          | 2016-07-13T20:58:43+00:00",
        "1468443523000                       | 2016-07-13T20:58:43+00:00",
        "1468443523000000                    | 2016-07-13T20:58:43+00:00",
        "1468443523000000000                 | 2016-07-13T20:58:43+00:00",
        "1468443523.5                        | 2016-07-13T20:58:43.500000+00:00",
        "146844352300.0                      | 2016-07-13T20:58:43+00:00",
        "\"1468443523000\"                   | 2016-07-13T20:58:43+00:00",
        "-5                                  | 1970-01-01T00:00:00+00:00",
        "\"-86400.0\"                        | 1970-01-01T00:00:00+00:00",
        "\"2016-07-13T14:33:31Z\"            | 2016-07-13T14:33:31+00:00",
        "\"2016-07-13T14:33:31.123456789-05:00\" | 2016-07-13T19:33:31.123456+00:00",
        "\"2017-01-01T10:00:00-05:00\"       | 2017-01-01T15:00:00+00:00",
        "\"13/Jul/2016:14:33:31 +0000\"      | 2016-07-13T14:33:31+00:00",
        "\"Wed, 13 Jul 2016 14:33:31 +0200\" | 2016-07-13T12:33:31+00:00",
        "\"07/13/2016 02:33:31 PM\"          | 2016-07-13T14:33:31+00:00",
        "\"2016/07/13 14:33:31\"             | 2016-07-13T14:33:31+00:00",
        "\"Jan  2 08:01:57\"                 | 2026-01-02T08:01:57+00:00",
        "\"Oct 27 2019 14:01:12 UTC\"        | 2019-10-27T14:01:12+00:00",
        "\"at 14:01 on 2019-10-27\"          | 2019-10-27T14:01:00+00:00",
    })
    void parsesWhatShippersSend(String json, String expected) throws Exception {
        assertEquals(expected, ToUtc.isoformat(ToUtc.parse(JSON.readTree(json), NOW)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"not a date at all\"", "true", "null", "{}", "[1]", "\"\"", "\"2016-13-45\""})
    void rejectsWhatIsNoDate(String json) {
        assertThrows(RejectedEventException.class, () -> ToUtc.parse(JSON.readTree(json), NOW));
    }
}

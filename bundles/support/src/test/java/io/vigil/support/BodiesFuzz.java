package io.vigil.support;

import static io.vigil.support.fuzz.FuzzSettings.quickly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.support.fuzz.Fuzz;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The bodies of the HTTP input, fuzzed: whatever the bytes, an answer (the events, or a refusal with a status) and
 * never an exception of another kind; inflation never goes past the limit; in a bulk body a bad line spoils only
 * itself; timestamps are parsed or refused.
 */
@Fuzz
class BodiesFuzz {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LIMIT = 64 * 1024;
    private static final String GOOD = "{\"index\":{\"_id\":\"keep\"}}\n{\"summary\":\"kept\"}\n";
    private final EventBodies bodies = new EventBodies(64);

    @Property
    void anyBytesAreEventsOrARefusal(@ForAll("bodies") byte[] body) throws Exception {
        for (boolean bulk : new boolean[] {false, true}) {
            try {
                List<EventBodies.Item> items = quickly(() -> bulk ? bodies.bulk(body) : bodies.events(body));
                items.forEach(item -> assertTrue(item.document() != null ^ item.error() != null, item.toString()));
            } catch (BadRequestException refused) {
                assertEquals(400, refused.status(), refused.getMessage());
            }
        }
    }

    @Property
    void aBadLineInABulkBodySpoilsOnlyItself(@ForAll("junk") String junk) throws Exception {
        byte[] body = (GOOD + junk + "\n" + GOOD).getBytes(StandardCharsets.UTF_8);
        List<EventBodies.Item> items = quickly(() -> bodies.bulk(body));
        for (EventBodies.Item kept : List.of(items.get(0), items.get(items.size() - 1))) {
            assertEquals("keep", kept.id(), items.toString());
            assertEquals("kept", kept.document().path("summary").asText(), items.toString());
        }
    }

    @Property
    void inflationStopsAtTheLimit(@ForAll @IntRange(min = 0, max = 4 * 1024 * 1024) int size, @ForAll("bytes") byte[] sent, @ForAll boolean gzip)
            throws Exception {
        byte[] body = gzip ? gzip(size, sent) : sent;
        try {
            byte[] read = quickly(() -> Bodies.read(new ByteArrayInputStream(body), null, "gzip", LIMIT));
            assertTrue(read.length <= LIMIT);
        } catch (BadRequestException refused) {
            assertTrue(refused.status() == 413 || refused.status() == 400, refused.getMessage());
        }
    }

    @Property
    void timestampsAreParsedOrRefused(@ForAll("timestamps") String text) throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-12-08T00:00:00Z"), ZoneOffset.UTC);
        try {
            assertEquals(ZoneOffset.UTC, quickly(() -> ToUtc.parse(text, clock)).getOffset());
        } catch (RejectedEventException refused) {
            assertTrue(refused.getMessage() != null);
        }
    }

    /** Found by SqsFuzz: 20 digits are not scaled down (MozDef's rule) and overflowed to an ArithmeticException, a 500 for a whole batch. */
    @Example
    void anEpochBeyondRangeIsRefused() {
        Clock clock = Clock.systemUTC();
        assertEquals("not a date: 12200160415121875577 seconds after the epoch is out of range",
                assertThrows(RejectedEventException.class, () -> ToUtc.parse("12200160415121875577", clock)).getMessage());
        assertThrows(RejectedEventException.class, () -> ToUtc.parse(JSON.getNodeFactory().numberNode(new BigInteger("12200160415121875577")), clock));
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        Arbitrary<String> jsonish = Arbitraries.oneOf(Arbitraries.strings().withChars("{}[]\":,\n\\0123456789.eE-+ truefalsn\r\t"),
                Arbitraries.strings(), Arbitraries.of("{\"index\":{}}", "{\"delete\":{\"_id\":1}}", "{\"update\":{}}", "[{\"index\":{}},{\"a\":1}]"))
                .list().ofMaxSize(8).map(parts -> String.join("\n", parts));
        return Arbitraries.oneOf(jsonish.map(text -> text.getBytes(StandardCharsets.UTF_8)), bytes());
    }

    /** One line that is not JSON at all, so no bulk action can take the next line with it. */
    @Provide
    Arbitrary<String> junk() {
        return Arbitraries.strings().ofMinLength(1).filter(text -> !text.contains("\n") && !text.isBlank() && !json(text));
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(2048);
    }

    @Provide
    Arbitrary<String> timestamps() {
        return Arbitraries.oneOf(Arbitraries.strings().withChars("0123456789-:TZ+. /APMapmJanFebDecUTC").ofMaxLength(40), Arbitraries.strings().ofMaxLength(40),
                Arbitraries.strings().numeric().ofMaxLength(40), Arbitraries.bigDecimals().map(BigDecimal::toPlainString),
                Arbitraries.longs().map(String::valueOf), Arbitraries.doubles().map(String::valueOf));
    }

    private static boolean json(String text) {
        try {
            JSON.readTree(text);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A gzip stream of {@code size} bytes repeating {@code pattern}: a bomb when large, as it compresses to little. */
    private static byte[] gzip(int size, byte[] pattern) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zipped = new GZIPOutputStream(out)) {
            byte[] unit = pattern.length == 0 ? new byte[] {0} : pattern;
            for (int written = 0; written < size; written += unit.length) {
                zipped.write(unit, 0, Math.min(unit.length, size - written));
            }
        }
        return out.toByteArray();
    }
}

package io.vigil.syslog;

import static io.vigil.support.fuzz.FuzzSettings.quickly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.vigil.support.fuzz.Fuzz;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Syslog from anyone, fuzzed: every line is an event (parsed, or kept raw and tagged {@code parse_error}), never an
 * exception; framing (RFC 6587 octet counting and newlines, in any pieces) gives back exactly the messages sent, and
 * never a frame over the limit whatever the bytes.
 */
@Fuzz
class SyslogFuzz {

    private static final int MAX = 2048;
    private final SyslogParser parser = new SyslogParser(Clock.fixed(Instant.parse("2026-12-08T00:00:00Z"), ZoneOffset.UTC), ZoneOffset.UTC);

    @Property
    void everyLineIsAnEvent(@ForAll("lines") String line) throws Exception {
        ObjectNode event = quickly(() -> parser.parse(line, "192.0.2.7"));
        assertEquals("syslog", event.path("category").asText(), event.toString());
        assertEquals("192.0.2.7", event.at("/details/peer").asText(), event.toString());
        assertTrue(event.path("tags").toString().contains("syslog"), event.toString());
        assertFalse(event.path("summary").isMissingNode(), event.toString());
    }

    @Property
    void framesComeBackAsSentInAnyPieces(@ForAll("messages") List<String> messages, @ForAll("cuts") List<Integer> cuts, @ForAll boolean counted)
            throws Exception {
        StringBuilder stream = new StringBuilder();
        for (String message : messages) {
            stream.append(counted ? message.getBytes(StandardCharsets.UTF_8).length + " " + message : message + "\n");
        }
        List<String> frames = quickly(() -> decode(stream.toString().getBytes(StandardCharsets.UTF_8), cuts));
        assertEquals(messages, frames);
    }

    @Property
    void anyBytesGiveBoundedFrames(@ForAll("bytes") byte[] bytes, @ForAll("cuts") List<Integer> cuts) throws Exception {
        for (String frame : quickly(() -> decode(bytes, cuts))) {
            assertTrue(frame.length() <= MAX, frame.length() + " characters");
        }
    }

    /** The frames of {@code bytes} written to the decoder in pieces cut at {@code cuts}, and the rest at the close. */
    private static List<String> decode(byte[] bytes, List<Integer> cuts) {
        EmbeddedChannel channel = new EmbeddedChannel(new SyslogDecoder(MAX));
        int from = 0;
        for (int cut : cuts) {
            int to = Math.min(bytes.length, from + cut);
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, from, to - from));
            from = to;
        }
        channel.writeInbound(Unpooled.wrappedBuffer(bytes, from, bytes.length - from));
        channel.finish();
        List<String> frames = new ArrayList<>();
        for (Object frame; (frame = channel.readInbound()) != null;) {
            frames.add((String) frame);
        }
        return frames;
    }

    @Provide
    Arbitrary<String> lines() {
        Arbitrary<String> word = Arbitraries.strings().withChars("abc-_.:[]=\" 0123456789\\]").ofMaxLength(12);
        Arbitrary<String> rfc5424 = Combinators.combine(Arbitraries.integers().between(-1, 200), Arbitraries.of("-", "2026-12-08T10:00:00Z",
                "2026-12-08T10:00:00.123456+02:00", "2026-13-40T99:99:99Z", "1985-04-12T23:20:50.52Z"), word, word, word, word,
                Arbitraries.of("-", "[a b=\"c\"]", "[a@1 b=\"c\\\"d\"][e]", "[", "[x y=\"]", "[x y=\"z\"]"), Arbitraries.strings().ofMaxLength(80))
                .as((pri, time, host, app, proc, msgid, sd, msg) -> "<" + pri + ">1 " + time + " " + host + " " + app + " " + proc + " " + msgid + " " + sd + " " + msg);
        Arbitrary<String> rfc3164 = Combinators.combine(Arbitraries.integers().between(-1, 200), Arbitraries.of("Jan  2 09:00:00", "Feb 29 23:59:59",
                "Dec 31 24:00:00.123", "Foo 1 00:00:00", "Mar 10 10:10:10 2026"), word, word, Arbitraries.strings().ofMaxLength(80))
                .as((pri, time, host, tag, msg) -> "<" + pri + ">" + time + " " + host + " " + tag + ": " + msg);
        return Arbitraries.oneOf(rfc5424, rfc3164, Arbitraries.strings().ofMaxLength(200));
    }

    /** Messages as senders frame them: starting with a PRI, no line break inside (a newline would frame them anew). */
    @Provide
    Arbitrary<List<String>> messages() {
        return lines().map(line -> "<13>" + line.replaceAll("[\r\n\0]", " ").strip()).list().ofMaxSize(20);
    }

    @Provide
    Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().between(0, 300).list().ofMaxSize(30);
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(3 * MAX);
        Arbitrary<byte[]> digits = Arbitraries.strings().withChars("0123456789 <\n\r\0x").ofMaxLength(3 * MAX).map(text -> text.getBytes(StandardCharsets.UTF_8));
        return Arbitraries.oneOf(random, digits);
    }
}

package io.vigil.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventBodiesTest {

    private final EventBodies bodies = new EventBodies(20);

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void eventsComeAsAnObjectAnArrayOrNdjson() throws Exception {
        assertEquals(1, bodies.events(bytes("{\"a\":1}")).size());
        assertEquals(2, bodies.events(bytes("[{\"a\":1},{\"a\":2}]")).size());
        List<EventBodies.Item> lines = bodies.events(bytes("{\"a\":1}\n\n{\"a\":2}\r\n{\"a\":\"ü\"}\n"));
        assertEquals(3, lines.size());
        assertEquals(4, lines.get(2).line());
    }

    @Test
    void eventsAreAllOrNothing() {
        BadRequestException malformed = assertThrows(BadRequestException.class, () -> bodies.events(bytes("{\"a\":1}\n{\"a\":\n")));
        assertTrue(malformed.getMessage().startsWith("malformed JSON at line 3"), malformed.getMessage());
        assertEquals("line 2: an event must be a JSON object, not number",
                assertThrows(BadRequestException.class, () -> bodies.events(bytes("{}\n42"))).getMessage());
        assertTrue(assertThrows(BadRequestException.class, () -> bodies.events(bytes("[".repeat(30) + "]".repeat(30))))
                .getMessage().contains("nesting depth"));
        assertEquals("no event in the body", assertThrows(BadRequestException.class, () -> bodies.events(bytes("  \n"))).getMessage());
    }

    @Test
    void bulkActionLinesGiveIdsAndABadLineSpoilsOnlyItself() throws Exception {
        List<EventBodies.Item> items = bodies.bulk(bytes("{\"index\":{\"_id\":\"a\"}}\n{\"m\":1}\n{\"create\":{}}\n{oops\n"
                + "{\"update\":{\"_id\":\"u\"}}\n{\"doc\":{}}\n{\"delete\":{\"_id\":\"d\"}}\n{\"m\":2}\n"));
        assertEquals(5, items.size());
        assertEquals("a", items.get(0).id());
        assertTrue(items.get(1).error().startsWith("line 4: malformed JSON"), items.get(1).error());
        assertTrue(items.get(2).error().contains("'update' is not supported"));
        assertTrue(items.get(3).error().contains("'delete' is not supported"));
        assertNull(items.get(4).id());
        assertEquals(2, items.get(4).document().path("m").asInt());
    }

    @Test
    void bulkArraysSkipActionElementsAsLoginputDid() throws Exception {
        List<EventBodies.Item> items = bodies.bulk(bytes("[{\"index\":{}},{\"m\":1},\"x\"]"));
        assertEquals(2, items.size());
        assertEquals(1, items.get(0).document().path("m").asInt());
        assertEquals("element 2: not a JSON object", items.get(1).error());
    }

    @Test
    void invalidUtf8IsFoundAtItsOffset() {
        assertEquals(-1, EventBodies.firstInvalidUtf8(bytes("plain ü € 𝄞")));
        assertEquals(1, EventBodies.firstInvalidUtf8(new byte[] {'a', (byte) 0xC3, (byte) 0x28}));
        assertEquals(0, EventBodies.firstInvalidUtf8(new byte[] {(byte) 0xC0, (byte) 0x80}), "overlong");
        assertEquals(0, EventBodies.firstInvalidUtf8(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}), "surrogate");
        assertEquals(2, EventBodies.firstInvalidUtf8(new byte[] {'a', 'b', (byte) 0xE2, (byte) 0x82}), "truncated");
        assertEquals("invalid UTF-8 at byte 4 (line 2)", assertThrows(BadRequestException.class,
                () -> bodies.events(new byte[] {'{', '}', '\n', '"', (byte) 0xFF, '"'})).getMessage());
    }
}

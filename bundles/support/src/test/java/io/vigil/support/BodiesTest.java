package io.vigil.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class BodiesTest {

    private static byte[] gzip(byte[] plain, int times) throws IOException {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(zipped)) {
            for (int i = 0; i < times; i++) {
                zip.write(plain);
            }
        }
        return zipped.toByteArray();
    }

    /** Counts what was read from it, so a test can tell a body refused unread from one read to the end. */
    private static final class Counting extends ByteArrayInputStream {
        Counting(byte[] bytes) {
            super(bytes);
        }

        int consumed() {
            return pos;
        }
    }

    @Test
    void aBodyWithinTheLimitIsReadWhole() throws Exception {
        byte[] plain = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(plain, Bodies.read(new ByteArrayInputStream(plain), (long) plain.length, null, 7));
        assertArrayEquals(plain, Bodies.read(new ByteArrayInputStream(gzip(plain, 1)), null, " GZIP ", 7));
        assertArrayEquals(new byte[0], Bodies.read(null, null, null, 7));
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedUnread() {
        Counting body = new Counting(new byte[100]);
        BadRequestException refused = assertThrows(BadRequestException.class, () -> Bodies.read(body, 100L, null, 10));
        assertEquals(413, refused.status());
        assertEquals("body of 100 bytes is over the limit of 10", refused.getMessage());
        assertEquals(0, body.consumed());
    }

    @Test
    void anUndeclaredBodyStopsOneByteOverTheLimit() {
        Counting body = new Counting(new byte[1000]);
        BadRequestException refused = assertThrows(BadRequestException.class, () -> Bodies.read(body, null, null, 10));
        assertEquals("body is over the limit of 10 bytes", refused.getMessage());
        assertEquals(11, body.consumed());
    }

    /** 64 MiB of zeros in 64 KiB of gzip: inflation stops at the limit instead of filling the heap. */
    @Test
    void aGzipBombStopsAtTheLimitWhileInflating() throws Exception {
        byte[] bomb = gzip(new byte[1 << 20], 64);
        assertTrue(bomb.length < 100_000);
        BadRequestException refused = assertThrows(BadRequestException.class, () -> Bodies.read(new ByteArrayInputStream(bomb), (long) bomb.length, "gzip", 1 << 20));
        assertEquals(413, refused.status());
        assertEquals("inflated body is over the limit of 1048576 bytes", refused.getMessage());
    }

    @Test
    void aBrokenGzipBodyIsABadRequest() {
        byte[] broken = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3};
        BadRequestException refused = assertThrows(BadRequestException.class, () -> Bodies.read(new ByteArrayInputStream(broken), null, "gzip", 100));
        assertEquals(400, refused.status());
        assertTrue(refused.getMessage().startsWith("unreadable body: "), refused.getMessage());
    }

    /** Camel may have inflated the body already: one that does not start with gzip's magic number is taken as it is. */
    @Test
    void aBodyAlreadyInflatedIsTakenAsItIs() throws Exception {
        InputStream plain = new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8));
        assertEquals("{}", new String(Bodies.read(plain, null, "gzip", 10), StandardCharsets.UTF_8));
    }
}

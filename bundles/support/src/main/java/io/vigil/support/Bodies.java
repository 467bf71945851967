package io.vigil.support;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * A request body read with a bound that holds before anything is in memory: a declared length over it is refused
 * unread, and a gzip body is inflated as a stream, so a bomb stops after {@code limit + 1} bytes. The routes that use
 * it disable Camel's stream caching, which would otherwise read and inflate the whole body first.
 */
public final class Bodies {

    private Bodies() {
    }

    /**
     * @param raw            the body as the server gives it ({@code null}: none, which reads as empty)
     * @param declaredLength Content-Length, or {@code null}
     * @param encoding       Content-Encoding, or {@code null}
     * @throws BadRequestException 413 naming the limit, or 400 for a body that cannot be read (a broken gzip stream)
     */
    public static byte[] read(InputStream raw, Long declaredLength, String encoding, int limit) throws BadRequestException {
        if (declaredLength != null && declaredLength > limit) {
            throw new BadRequestException(413, "body of " + declaredLength + " bytes is over the limit of " + limit);
        }
        if (raw == null) {
            return new byte[0];
        }
        boolean gzip = encoding != null && "gzip".equalsIgnoreCase(encoding.trim());
        try (InputStream body = gzip ? inflated(raw) : raw) {
            byte[] bytes = body.readNBytes(limit + 1);
            if (bytes.length > limit) {
                throw new BadRequestException(413, (gzip ? "inflated body" : "body") + " is over the limit of " + limit + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new BadRequestException(400, "unreadable body: " + e.getMessage());
        }
    }

    /** Camel may already have inflated the body: only a stream that starts with gzip's magic number is inflated here. */
    private static InputStream inflated(InputStream raw) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(raw);
        buffered.mark(2);
        boolean magic = buffered.read() == 0x1f && buffered.read() == 0x8b;
        buffered.reset();
        return magic ? new GZIPInputStream(buffered) : buffered;
    }
}

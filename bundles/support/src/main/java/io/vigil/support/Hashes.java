package io.vigil.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The MD5 document ids MozDef gives state documents (vulnerabilities, compliance items, nagios status), so a new report replaces the old. */
public final class Hashes {

    private Hashes() {
    }

    /** Lower-case hex MD5 of the UTF-8 bytes of {@code text}. */
    public static String md5Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    }
}

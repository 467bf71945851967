package io.vigil.users;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted PBKDF2-HMAC-SHA256 password hashes, written {@code {PBKDF2}sha256:<iterations>:<salt>:<hash>} (Base64 without
 * padding, so a hash never holds the {@code =} and {@code ,} of the users file). The iteration count is stored with
 * each hash, so raising it later leaves existing passwords valid.
 */
final class PasswordHash {

    static final String PREFIX = "{PBKDF2}sha256:";
    /** OWASP's figure for PBKDF2-HMAC-SHA256 in 2023 is 600,000; a third of it keeps a login near 100 ms on two cores. */
    static final int DEFAULT_ITERATIONS = 210_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();

    private PasswordHash() {
    }

    static boolean isHash(String stored) {
        return stored.startsWith(PREFIX);
    }

    static String hash(char[] password, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return PREFIX + iterations + ":" + ENCODER.encodeToString(salt) + ":" + ENCODER.encodeToString(derive(password, salt, iterations));
    }

    /** Whether {@code password} is the one {@code stored} was made from; in time independent of where they differ. */
    static boolean matches(char[] password, String stored) {
        if (!isHash(stored)) {
            return false;
        }
        String[] parts = stored.substring(PREFIX.length()).split(":");
        if (parts.length != 3) {
            return false;
        }
        try {
            byte[] salt = Base64.getDecoder().decode(parts[1]);
            byte[] expected = Base64.getDecoder().decode(parts[2]);
            return MessageDigest.isEqual(expected, derive(password, salt, Integer.parseInt(parts[0])));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM lacks PBKDF2WithHmacSHA256", e);
        } finally {
            spec.clearPassword();
        }
    }
}

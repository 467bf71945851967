package io.vigil.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/**
 * Checks an OpenID Connect ID token as the specification (Core 1.0, §3.1.3.7) asks: signed (RS256, ES256, PS256 or
 * their larger kin; never {@code none} or a shared secret) by a key of the provider's JWKS, from the expected issuer,
 * for this client, not expired, and carrying the nonce this sign-in sent.
 */
final class IdTokens {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Decoder B64 = Base64.getUrlDecoder();
    private static final Duration SKEW = Duration.ofSeconds(60);
    private static final Map<String, String> JCA = Map.of("RS256", "SHA256withRSA", "RS384", "SHA384withRSA", "RS512", "SHA512withRSA",
            "ES256", "SHA256withECDSAinP1363Format", "ES384", "SHA384withECDSAinP1363Format", "PS256", "RSASSA-PSS");

    private IdTokens() {
    }

    /** Thrown with the reason a token is refused. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String reason) {
            super(reason);
        }
    }

    /** The token's claims, once every check passed. */
    static JsonNode verify(String token, JsonNode jwks, String issuer, String clientId, String nonce, Instant now) throws Refused {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            throw new Refused("the ID token is not a signed JWT");
        }
        JsonNode header = json(parts[0]);
        JsonNode claims = json(parts[1]);
        String alg = header.path("alg").asText();
        String algorithm = JCA.get(alg);
        if (algorithm == null) {
            throw new Refused("the ID token's algorithm " + alg + " is not one Vigil accepts (RS256, ES256, PS256 and kin)");
        }
        PublicKey key = key(jwks, header.path("kid").asText(null), alg);
        try {
            Signature signature = Signature.getInstance(algorithm);
            if (alg.equals("PS256")) {
                signature.setParameter(new java.security.spec.PSSParameterSpec("SHA-256", "MGF1", java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
            }
            signature.initVerify(key);
            signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!signature.verify(B64.decode(parts[2]))) {
                throw new Refused("the ID token's signature does not verify");
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new Refused("the ID token's signature cannot be checked: " + e.getMessage());
        }
        if (!issuer.equals(claims.path("iss").asText())) {
            throw new Refused("the ID token is from " + claims.path("iss").asText() + ", not " + issuer);
        }
        JsonNode aud = claims.path("aud");
        boolean forUs = aud.isArray() ? contains(aud, clientId) : clientId.equals(aud.asText());
        if (!forUs) {
            throw new Refused("the ID token is for " + aud + ", not " + clientId);
        }
        if (!claims.path("exp").isNumber() || Instant.ofEpochSecond(claims.get("exp").asLong()).plus(SKEW).isBefore(now)) {
            throw new Refused("the ID token has expired");
        }
        if (!nonce.equals(claims.path("nonce").asText())) {
            throw new Refused("the ID token does not carry this sign-in's nonce");
        }
        return claims;
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode item : array) {
            if (value.equals(item.asText())) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode json(String part) throws Refused {
        try {
            return JSON.readTree(B64.decode(part));
        } catch (IOException | IllegalArgumentException e) {
            throw new Refused("the ID token is not readable JSON");
        }
    }

    /** The JWKS key the token names (its {@code kid}), or the only key of the right type when it names none. */
    private static PublicKey key(JsonNode jwks, String kid, String alg) throws Refused {
        String type = alg.startsWith("ES") ? "EC" : "RSA";
        JsonNode chosen = null;
        for (JsonNode key : jwks.path("keys")) {
            if (type.equals(key.path("kty").asText()) && (kid == null || kid.equals(key.path("kid").asText()))) {
                if (chosen != null && kid == null) {
                    throw new Refused("the ID token names no key and the provider has several");
                }
                chosen = key;
            }
        }
        if (chosen == null) {
            throw new Refused("the provider's keys hold none " + (kid == null ? "of type " + type : "with id " + kid));
        }
        try {
            if (type.equals("RSA")) {
                return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(unsigned(chosen, "n"), unsigned(chosen, "e")));
            }
            String curve = switch (chosen.path("crv").asText()) {
                case "P-256" -> "secp256r1";
                case "P-384" -> "secp384r1";
                default -> throw new Refused("the provider's key uses the curve " + chosen.path("crv").asText());
            };
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec(curve));
            ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(unsigned(chosen, "x"), unsigned(chosen, "y")), spec));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new Refused("the provider's key cannot be read: " + e.getMessage());
        }
    }

    private static BigInteger unsigned(JsonNode key, String field) {
        return new BigInteger(1, B64.decode(key.path(field).asText()));
    }
}

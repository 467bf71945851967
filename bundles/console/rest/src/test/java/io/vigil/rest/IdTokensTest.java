package io.vigil.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class IdTokensTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final String ISSUER = "https://idp.example/realm";

    private static String b64(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return B64.encodeToString(bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes);
    }

    private static ObjectNode claims() {
        ObjectNode claims = JSON.createObjectNode().put("iss", ISSUER).put("aud", "vigil").put("exp", NOW.getEpochSecond() + 300).put("nonce", "n1")
                .put("email", "olga@example.com");
        claims.putArray("groups").add("soc");
        return claims;
    }

    private static String sign(String alg, String kid, JsonNode claims, KeyPair keys, String jca) throws Exception {
        String signed = B64.encodeToString(JSON.createObjectNode().put("alg", alg).put("kid", kid).toString().getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        Signature signature = Signature.getInstance(jca);
        signature.initSign(keys.getPrivate());
        signature.update(signed.getBytes(StandardCharsets.US_ASCII));
        return signed + "." + B64.encodeToString(signature.sign());
    }

    private static JsonNode jwks(String kid, KeyPair rsa, KeyPair ec) {
        ObjectNode jwks = JSON.createObjectNode();
        RSAPublicKey r = (RSAPublicKey) rsa.getPublic();
        jwks.putArray("keys").addObject().put("kty", "RSA").put("kid", kid).put("n", b64(r.getModulus())).put("e", b64(r.getPublicExponent()));
        ECPublicKey e = (ECPublicKey) ec.getPublic();
        ((com.fasterxml.jackson.databind.node.ArrayNode) jwks.get("keys")).addObject().put("kty", "EC").put("kid", "ec1").put("crv", "P-256")
                .put("x", b64(e.getW().getAffineX())).put("y", b64(e.getW().getAffineY()));
        return jwks;
    }

    @Test
    void aGoodTokenGivesItsClaimsAndEachFlawIsNamed() throws Exception {
        KeyPairGenerator rsaGenerator = KeyPairGenerator.getInstance("RSA");
        rsaGenerator.initialize(2048);
        KeyPair rsa = rsaGenerator.generateKeyPair();
        KeyPairGenerator ecGenerator = KeyPairGenerator.getInstance("EC");
        ecGenerator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ec = ecGenerator.generateKeyPair();
        JsonNode jwks = jwks("k1", rsa, ec);

        assertEquals("olga@example.com", IdTokens.verify(sign("RS256", "k1", claims(), rsa, "SHA256withRSA"), jwks, ISSUER, "vigil", "n1", NOW).path("email").asText());
        assertEquals("olga@example.com", IdTokens.verify(sign("ES256", "ec1", claims(), ec, "SHA256withECDSAinP1363Format"), jwks, ISSUER, "vigil", "n1", NOW)
                .path("email").asText());

        String good = sign("RS256", "k1", claims(), rsa, "SHA256withRSA");
        assertEquals("the ID token does not carry this sign-in's nonce",
                assertThrows(IdTokens.Refused.class, () -> IdTokens.verify(good, jwks, ISSUER, "vigil", "other", NOW)).getMessage());
        assertEquals("the ID token is for \"vigil\", not console",
                assertThrows(IdTokens.Refused.class, () -> IdTokens.verify(good, jwks, ISSUER, "console", "n1", NOW)).getMessage());
        assertEquals("the ID token is from " + ISSUER + ", not https://evil",
                assertThrows(IdTokens.Refused.class, () -> IdTokens.verify(good, jwks, "https://evil", "vigil", "n1", NOW)).getMessage());
        assertEquals("the ID token has expired",
                assertThrows(IdTokens.Refused.class, () -> IdTokens.verify(good, jwks, ISSUER, "vigil", "n1", NOW.plusSeconds(3600))).getMessage());
        String[] parts = good.split("\\.");
        String tampered = parts[0] + "." + B64.encodeToString(claims().put("email", "admin@example.com").toString().getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertEquals("the ID token's signature does not verify",
                assertThrows(IdTokens.Refused.class, () -> IdTokens.verify(tampered, jwks, ISSUER, "vigil", "n1", NOW)).getMessage());
        String none = B64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + ".";
        assertThrows(IdTokens.Refused.class, () -> IdTokens.verify(none, jwks, ISSUER, "vigil", "n1", NOW));
        assertEquals("the provider's keys hold none with id k2",
                assertThrows(IdTokens.Refused.class, () -> IdTokens.verify(sign("RS256", "k2", claims(), rsa, "SHA256withRSA"), jwks, ISSUER, "vigil", "n1", NOW))
                        .getMessage());
    }

    @Test
    void roleMappingsAndReturnPathsAreChecked() {
        assertEquals(Role.HANDLER, Oidc.roles("soc=handler, vigil-admins=admin").get("soc"));
        assertThrows(IllegalArgumentException.class, () -> Oidc.roles("soc=boss"));
        assertEquals("/incidents/1", Oidc.returnTo("/incidents/1"));
        assertEquals("/", Oidc.returnTo("//evil.example/"));
        assertEquals("/", Oidc.returnTo("https://evil.example/"));
        // what ?return=/%09/evil.example decodes to: a browser drops the tab and goes to //evil.example
        assertEquals("/", Oidc.returnTo("/\t/evil.example"));
        assertEquals("/", Oidc.returnTo("/\n/evil.example"));
        assertEquals("/", Oidc.returnTo("/\\evil.example"));
        assertEquals("/alerts?severity=HIGH", Oidc.returnTo("/alerts?severity=HIGH"));
    }

    /** An e-mail address names the user only when the provider says it is verified; otherwise the fallbacks, or the claim configured. */
    @Test
    void anEmailAddressNamesTheUserOnlyWhenVerified() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertEquals("olga@example.com", Oidc.userName(json.readTree("{\"sub\":\"o1\",\"email\":\"olga@example.com\",\"email_verified\":true}"), "email"));
        HttpError unverified = assertThrows(HttpError.class,
                () -> Oidc.userName(json.readTree("{\"sub\":\"o1\",\"email\":\"ciso@example.com\",\"email_verified\":false}"), "email"));
        assertEquals(401, unverified.status());
        assertTrue(unverified.getMessage().contains("oidcUserClaim"), unverified.getMessage());
        assertThrows(HttpError.class, () -> Oidc.userName(json.readTree("{\"sub\":\"o1\",\"email\":\"ciso@example.com\"}"), "email"));
        assertEquals("olga", Oidc.userName(json.readTree("{\"sub\":\"o1\",\"preferred_username\":\"olga\"}"), "email"));
        assertEquals("o1", Oidc.userName(json.readTree("{\"sub\":\"o1\",\"email\":\"x@example.com\"}"), "sub"));
    }
}

package io.vigil.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in through an OpenID Connect provider: authorization code flow with PKCE (S256), state bound to the browser
 * by a cookie, a nonce checked in the ID token, whose signature, issuer, audience and expiry are checked too. The
 * user's name is a claim ({@code email} by default), their role the highest Vigil role the role claim's values map to
 * ({@code vigil-admin=admin,...}), else the default role, else none (403). It ends in the same session as a
 * password sign-in.
 */
final class Oidc {

    private static final Logger LOG = LoggerFactory.getLogger(Oidc.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FLOW_COOKIE = "vigil_oidc";
    private static final Duration FLOW = Duration.ofMinutes(10);
    /** Sign-ins under way at once, at most: anyone may start one, and each is kept for {@link #FLOW}. */
    static final int PENDING_MAX = 10_000;
    private static final String HOW = "openid-connect";

    /** The provider's endpoints, from its discovery document. */
    private record Provider(String issuer, URI authorization, URI token, URI jwks) {
    }

    /** A sign-in under way: what the callback checks and where it returns. */
    private record Pending(String nonce, String verifier, String redirect, String returnTo, Instant started) {
    }

    /** The settings of etc/io.vigil.rest.cfg's {@code oidc*} keys. */
    record Settings(String issuer, String clientId, String clientSecret, String redirectUri, String scopes, String userClaim, String roleClaim,
            Map<String, Role> roles, Role defaultRole) {
    }

    private final Settings settings;
    private final Sessions sessions;
    private final Clock clock;
    private final AuditTrail audit;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private volatile Provider provider;
    private volatile JsonNode keys;

    Oidc(Settings settings, Sessions sessions, AuditTrail audit, Clock clock) {
        this.settings = settings;
        this.sessions = sessions;
        this.audit = audit;
        this.clock = clock;
    }

    /** {@code vigil-admin=admin, soc=handler}: the role claim's values and the Vigil roles they give. */
    static Map<String, Role> roles(String mapping) {
        Map<String, Role> roles = new LinkedHashMap<>();
        for (String pair : mapping.split(",")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                Role role = Role.of(pair.substring(equals + 1)).orElseThrow(() -> new IllegalArgumentException("oidcRoles: no Vigil role in '" + pair.strip() + "'"));
                roles.put(pair.substring(0, equals).strip(), role);
            }
        }
        return roles;
    }

    void register(Api api) {
        api.route("GET", "/api/session/oidc", null, "Sign in through the OpenID Connect provider (redirects there; return=/path to come back to)", this::start);
        api.route("GET", "/api/session/oidc/callback", null, "Where the provider sends the browser back: opens the session, redirects to return", this::callback);
    }

    private Reply start(Call call) throws IOException {
        String redirect = settings.redirectUri().isBlank() ? loopbackRedirect(call) : settings.redirectUri();
        Provider idp = provider();
        String state = Sessions.token();
        String verifier = Sessions.token();
        String nonce = Sessions.token();
        Instant now = clock.instant();
        pending.values().removeIf(flow -> flow.started().plus(FLOW).isBefore(now));
        if (pending.size() >= PENDING_MAX) {
            throw new HttpError(503, "too many sign-ins under way (" + PENDING_MAX + " in the last " + FLOW.toMinutes() + " min): try again in a while");
        }
        pending.put(state, new Pending(nonce, verifier, redirect, returnTo(call.query("return", "/")), now));
        String location = idp.authorization() + (idp.authorization().getQuery() == null ? "?" : "&") + form(Map.of("response_type", "code",
                "client_id", settings.clientId(), "redirect_uri", redirect, "scope", settings.scopes(), "state", state, "nonce", nonce,
                "code_challenge", challenge(verifier), "code_challenge_method", "S256"));
        // Lax, not Strict: the provider's redirect back is a cross-site navigation, which Strict cookies do not follow.
        return new Reply(302, "text/plain; charset=utf-8", "", Map.of("Location", location,
                "Set-Cookie", Sessions.setCookie(FLOW_COOKIE, state, "/api/session/oidc", "Lax", FLOW.toSeconds(), sessions.secure())));
    }

    /**
     * Without a configured redirect URI, the callback of the loopback name the browser used (as on a developer's
     * {@code ./vigil run}). Any other {@code Host} might be a name an attacker points at this address (DNS rebinding),
     * so a site reached by name configures its redirect URI, as it registers it at the provider anyway.
     */
    private String loopbackRedirect(Call call) {
        String host = call.headers().getOrDefault("host", "");
        if (!Origins.loopback(host)) {
            throw new HttpError(503, "OpenID Connect sign-in through " + (host.isEmpty() ? "no Host" : host)
                    + " needs oidcRedirectUri in etc/io.vigil.rest.cfg (VIGIL_OIDC_REDIRECT_URI): the callback URL registered at the provider");
        }
        return (sessions.secure() ? "https" : "http") + "://" + host.strip() + "/api/session/oidc/callback";
    }

    private Reply callback(Call call) throws IOException {
        if (!call.query("error", "").isEmpty()) {
            throw new HttpError(401, "the provider refused the sign-in: " + call.query("error", "") + " " + call.query("error_description", ""));
        }
        String state = call.query("state", "");
        Pending flow = state.isEmpty() ? null : pending.remove(state);
        if (flow == null || flow.started().plus(FLOW).isBefore(clock.instant())) {
            throw HttpError.badRequest("no sign-in under way with this state (expired, or used already): start again");
        }
        if (!state.equals(Sessions.cookie(call.headers().get("cookie"), FLOW_COOKIE))) {
            throw HttpError.badRequest("this sign-in was started in another browser");
        }
        Provider idp = provider();
        Map<String, String> form = new LinkedHashMap<>(Map.of("grant_type", "authorization_code", "code", call.query("code", ""),
                "redirect_uri", flow.redirect(), "client_id", settings.clientId(), "code_verifier", flow.verifier()));
        HttpRequest.Builder exchange = HttpRequest.newBuilder(idp.token()).timeout(Duration.ofSeconds(15)).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json");
        if (!settings.clientSecret().isEmpty()) {
            exchange.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((URLEncoder.encode(settings.clientId(), StandardCharsets.UTF_8) + ":"
                    + URLEncoder.encode(settings.clientSecret(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)));
        }
        JsonNode tokens = send(exchange.POST(HttpRequest.BodyPublishers.ofString(form(form))).build(), "the token endpoint");
        String idToken = tokens.path("id_token").asText("");
        if (idToken.isEmpty()) {
            throw new HttpError(401, "the provider answered no ID token");
        }
        JsonNode claims;
        try {
            claims = verify(idToken, idp, flow.nonce());
        } catch (IdTokens.Refused e) {
            LOG.warn("OpenID Connect sign-in refused: {}", e.getMessage());
            throw new HttpError(401, e.getMessage());
        }
        String name = userName(claims, settings.userClaim());
        User user = new User(name, role(claims.path(settings.roleClaim())));
        if (user.role() == null) {
            String reason = name + " signed in, but the provider gives none of the roles etc/io.vigil.rest.cfg maps (" + settings.roleClaim() + ")";
            audit.signIn(name, null, call.address(), HOW, false, reason);
            throw new HttpError(403, reason);
        }
        Sessions.Session session = sessions.open(user, false);
        audit.signIn(name, user.role(), call.address(), HOW, true, null);
        LOG.info("{} signed in through OpenID Connect as {}", name, user.role().label());
        return new Reply(302, "text/plain; charset=utf-8", "", Map.of("Location", flow.returnTo(),
                "Set-Cookie", sessions.cookie(session)));
    }

    /** The token checked against the provider's keys; fetched again once when the token names a key not seen yet. */
    private JsonNode verify(String idToken, Provider idp, String nonce) throws IOException, IdTokens.Refused {
        if (keys == null) {
            keys = send(HttpRequest.newBuilder(idp.jwks()).timeout(Duration.ofSeconds(15)).build(), "the provider's keys");
        }
        try {
            return IdTokens.verify(idToken, keys, idp.issuer(), settings.clientId(), nonce, clock.instant());
        } catch (IdTokens.Refused e) {
            if (!e.getMessage().startsWith("the provider's keys hold none")) {
                throw e;
            }
            keys = send(HttpRequest.newBuilder(idp.jwks()).timeout(Duration.ofSeconds(15)).build(), "the provider's keys");
            return IdTokens.verify(idToken, keys, idp.issuer(), settings.clientId(), nonce, clock.instant());
        }
    }

    private Role role(JsonNode claim) {
        JsonNode values = claim.isArray() ? claim : JsonNodeFactory.instance.arrayNode().add(claim.asText(""));
        Role highest = Role.highest(StreamSupport.stream(values.spliterator(), false).map(value -> settings.roles().get(value.asText())));
        return highest != null ? highest : settings.defaultRole();
    }

    private Provider provider() throws IOException {
        Provider known = provider;
        if (known == null) {
            String issuer = settings.issuer().replaceAll("/$", "");
            JsonNode discovery = send(HttpRequest.newBuilder(URI.create(issuer + "/.well-known/openid-configuration")).timeout(Duration.ofSeconds(15)).build(),
                    "the provider's discovery document");
            // The document must be the configured issuer's own (OpenID Connect Discovery 4.3): tokens are then checked
            // against the issuer configured, not one a document names.
            if (!discovery.path("issuer").asText("").replaceAll("/$", "").equals(issuer)) {
                throw new HttpError(502, "the provider's discovery document names issuer '" + discovery.path("issuer").asText("") + "', not "
                        + settings.issuer() + " (oidcIssuer)");
            }
            known = new Provider(discovery.path("issuer").asText(), URI.create(discovery.path("authorization_endpoint").asText()),
                    URI.create(discovery.path("token_endpoint").asText()), URI.create(discovery.path("jwks_uri").asText()));
            provider = known;
        }
        return known;
    }

    private JsonNode send(HttpRequest request, String what) throws IOException {
        try {
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() / 100 != 2) {
                throw new HttpError(502, what + " answered " + answer.statusCode() + ": " + answer.body().substring(0, Math.min(300, answer.body().length())));
            }
            return JSON.readTree(answer.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (IOException e) {
            throw new HttpError(502, what + " (" + request.uri() + ") did not answer: " + e.getMessage());
        }
    }

    /**
     * Only a path of this site: a sign-in link must not send anyone elsewhere. Browsers drop tabs and line breaks from
     * a URL ({@code /\t/evil.example} becomes {@code //evil.example}), so no control character or space passes either.
     */
    static String returnTo(String wanted) {
        boolean plain = wanted.chars().allMatch(c -> c > 0x20 && c != 0x7f && c != '\\');
        return plain && wanted.startsWith("/") && !wanted.startsWith("//") ? wanted : "/";
    }

    /**
     * The user's name: the configured claim (else {@code preferred_username}, else {@code sub}). An e-mail address
     * names the user only when the provider vouches for it ({@code email_verified}): at many providers anyone may put
     * any address on an account.
     */
    static String userName(JsonNode claims, String userClaim) {
        String name = claims.path(userClaim).asText("");
        if (name.isEmpty()) {
            return claims.path("preferred_username").asText(claims.path("sub").asText(""));
        }
        if (userClaim.equals("email") && !claims.path("email_verified").asBoolean(false)) {
            throw new HttpError(401, "the provider does not say that " + name + " is a verified address (email_verified): set oidcUserClaim to a "
                    + "claim it vouches for (preferred_username, sub)");
        }
        return name;
    }

    private static String form(Map<String, String> fields) {
        StringJoiner form = new StringJoiner("&");
        fields.forEach((name, value) -> form.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return form.toString();
    }

    private static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.vigil.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The console's signed-in sessions: a random id in an HttpOnly, SameSite=Strict cookie, and a CSRF token the page
 * must send back on every state change (a cookie goes with any request a browser makes, a header only with the
 * page's own). Sessions end when idle too long, at an absolute age, at sign-out, and with the container (they live
 * in memory: after a restart, handlers sign in again). A session signed in through the realm follows the realm on
 * every use: it ends when the realm no longer has the user, and takes the role the user has now.
 */
final class Sessions {

    static final String COOKIE = "vigil_session";
    /** Sessions one user holds at once; a new one beyond ends the user's least recently used (memory stays bounded). */
    static final int PER_USER = 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One session: who, its CSRF token, when it began and was last used. */
    static final class Session {
        final String id;
        volatile User user;
        /** Signed in through the realm (not OpenID Connect), whose users it follows. */
        final boolean realm;
        final String csrf;
        final Instant created;
        volatile Instant used;

        Session(String id, User user, boolean realm, String csrf, Instant created) {
            this.id = id;
            this.user = user;
            this.realm = realm;
            this.csrf = csrf;
            this.created = created;
            this.used = created;
        }

        boolean csrfMatches(String sent) {
            return sent != null && MessageDigest.isEqual(csrf.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final Map<String, Session> open = new ConcurrentHashMap<>();
    private final Duration idle;
    private final Duration lifetime;
    private final boolean secure;
    private final Clock clock;
    private final UnaryOperator<User> realm;

    /**
     * @param secure whether the port is HTTPS, so the cookies are only ever sent over TLS
     * @param realm a user signed in through the realm as the realm has them now (the same when it cannot tell), null
     *        when the realm no longer has them
     */
    Sessions(Duration idle, Duration lifetime, boolean secure, Clock clock, UnaryOperator<User> realm) {
        this.idle = idle;
        this.lifetime = lifetime;
        this.secure = secure;
        this.clock = clock;
        this.realm = realm;
    }

    /** @param realm whether the user signed in through the realm, which the session then follows */
    Session open(User user, boolean realm) {
        Instant now = clock.instant();
        open.values().removeIf(session -> expired(session, now));
        List<Session> own = open.values().stream().filter(session -> session.user.name().equals(user.name()))
                .sorted(Comparator.comparing(session -> session.used)).toList();
        own.subList(0, Math.max(0, own.size() - PER_USER + 1)).forEach(session -> open.remove(session.id));
        Session session = new Session(token(), user, realm, token(), now);
        open.put(session.id, session);
        return session;
    }

    Optional<Session> find(String id) {
        Session session = id == null ? null : open.get(id);
        Instant now = clock.instant();
        if (session == null || expired(session, now) || !follow(session)) {
            if (session != null) {
                open.remove(id);
            }
            return Optional.empty();
        }
        session.used = now;
        return Optional.of(session);
    }

    /** Whether a session is still open, without counting this as a use (a stream asking must not keep it alive). */
    boolean live(Session session) {
        if (open.get(session.id) != session || expired(session, clock.instant())) {
            return false;
        }
        if (!follow(session)) {
            open.remove(session.id);
            return false;
        }
        return true;
    }

    /** Takes the user as the realm has them now; false when it no longer has them. */
    private boolean follow(Session session) {
        if (!session.realm) {
            return true;
        }
        User now = realm.apply(session.user);
        if (now == null) {
            return false;
        }
        session.user = now;
        return true;
    }

    void close(String id) {
        if (id != null) {
            open.remove(id);
        }
    }

    boolean secure() {
        return secure;
    }

    /** The {@code Set-Cookie} that carries a session, however it was signed in to. */
    String cookie(Session session) {
        return setCookie(COOKIE, session.id, "/", "Strict", lifetime.toSeconds(), secure);
    }

    /** The {@code Set-Cookie} that makes the browser forget its session. */
    String signedOutCookie() {
        return setCookie(COOKIE, "", "/", "Strict", 0, secure);
    }

    private boolean expired(Session session, Instant now) {
        return session.used.plus(idle).isBefore(now) || session.created.plus(lifetime).isBefore(now);
    }

    /** The session cookie's value in a {@code Cookie} header, if any. */
    static String cookie(String header) {
        return cookie(header, COOKIE);
    }

    /** Cookie {@code name}'s value in a {@code Cookie} header, if any. */
    static String cookie(String header, String name) {
        if (header == null) {
            return null;
        }
        for (String pair : header.split(";")) {
            String trimmed = pair.strip();
            if (trimmed.startsWith(name + "=")) {
                return trimmed.substring(name.length() + 1);
            }
        }
        return null;
    }

    /** A {@code Set-Cookie} value no script can read; {@code Secure} when the port is HTTPS. */
    static String setCookie(String name, String value, String path, String sameSite, long maxAgeSeconds, boolean secure) {
        return name + "=" + value + "; Path=" + path + "; HttpOnly; SameSite=" + sameSite + "; Max-Age=" + maxAgeSeconds + (secure ? "; Secure" : "");
    }

    /** 256 random bits, URL-safe: session ids, CSRF tokens, OIDC state, nonces and PKCE verifiers. */
    static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

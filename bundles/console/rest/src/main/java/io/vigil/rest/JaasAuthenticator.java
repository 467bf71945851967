package io.vigil.rest;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.Subject;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.apache.karaf.jaas.boot.ProxyLoginModule;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs in against a JAAS realm of Karaf (Vigil's {@code vigil}, or any other: {@code karaf}, an LDAP realm). A
 * successful check is remembered for {@code remember} under a keyed digest of the name and password (never the
 * password itself), because a REST client sends its credentials with every request and a salted hash takes ~100 ms
 * on purpose; a changed password or role is seen once that time is up.
 */
final class JaasAuthenticator implements Authenticator {

    private static final Logger LOG = LoggerFactory.getLogger(JaasAuthenticator.class);
    private static final int REMEMBERED_MAX = 10_000;
    static final Duration FAILURE_WINDOW = Duration.ofMinutes(5);
    /** How long after start a missing realm is waited for, and how long one sign-in waits for it then. */
    private static final Duration START_GRACE = Duration.ofSeconds(60);
    private static final Duration REALM_WAIT = Duration.ofSeconds(15);

    private record Remembered(User user, Instant until) {
    }

    private final String realm;
    private final Duration remember;
    private final Clock clock;
    private final Instant started;
    private final byte[] key = new byte[32];
    private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();
    private final SignInLimits limits;
    private final AuditTrail audit;

    /**
     * @param limits the failed sign-ins after which sign-ins are refused outright, each counted {@link #FAILURE_WINDOW}
     * @param audit where each check of the realm goes (one a {@code remember} period for a client that signs every request)
     */
    JaasAuthenticator(String realm, Duration remember, SignInLimits limits, AuditTrail audit, Clock clock) {
        this.realm = realm;
        this.remember = remember;
        this.limits = limits;
        this.audit = audit;
        this.clock = clock;
        this.started = clock.instant();
        new SecureRandom().nextBytes(key);
    }

    @Override
    public Optional<User> authenticate(String name, char[] password, String address) {
        String digest = digest(name, password);
        Instant now = clock.instant();
        Remembered known = remembered.get(digest);
        if (known != null && known.until().isAfter(now)) {
            return Optional.of(known.user());
        }
        limits.check(name, address);
        Optional<User> user = login(name, password);
        if (user.isEmpty()) {
            limits.failed(name, address);
            LOG.warn("Failed sign-in of {} from {} ({} in the last {} min)", name, address, limits.count(name, address), FAILURE_WINDOW.toMinutes());
            audit.signIn(name, null, address, "password", false, "wrong user name or password");
        } else {
            limits.succeeded(name, address);
            audit.signIn(name, user.get().role(), address, "password", true, null);
        }
        if (user.isPresent()) {
            if (remembered.size() >= REMEMBERED_MAX) {
                remembered.values().removeIf(entry -> !entry.until().isAfter(now));
            }
            remembered.put(digest, new Remembered(user.get(), now.plus(remember)));
        }
        return user;
    }

    private Optional<User> login(String name, char[] password) {
        Subject subject = new Subject();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // LoginContext loads the realm's login module (Karaf's proxy of it) through the context class loader, which a
        // Jetty thread does not set to one that sees it.
        thread.setContextClassLoader(ProxyLoginModule.class.getClassLoader());
        try {
            context(name, password, subject).login();
        } catch (LoginException e) {
            LOG.debug("Sign-in of {} refused by realm {}: {}", name, realm, e.getMessage());
            return Optional.empty();
        } finally {
            thread.setContextClassLoader(previous);
        }
        List<String> roles = subject.getPrincipals(RolePrincipal.class).stream().map(Principal::getName).toList();
        return Optional.of(new User(name, Role.highest(roles)));
    }

    /**
     * The realm's login context. A realm that is not there is no wrong password: it is waited for a while when the
     * container has just started (the realm's bundle registers it a moment after the API is up, and the first
     * sign-ins come right then), and said to be missing otherwise.
     */
    private LoginContext context(String name, char[] password, Subject subject) {
        Instant giveUp = clock.instant().plus(REALM_WAIT);
        while (true) {
            try {
                return new LoginContext(realm, subject, callbacks -> {
                    for (var callback : callbacks) {
                        if (callback instanceof NameCallback named) {
                            named.setName(name);
                        } else if (callback instanceof PasswordCallback secret) {
                            secret.setPassword(password);
                        } else {
                            throw new UnsupportedCallbackException(callback);
                        }
                    }
                });
            } catch (LoginException e) {
                Instant now = clock.instant();
                HttpError missing = new HttpError(503, "sign-in is not available: JAAS realm " + realm + " is not there (" + e.getMessage() + ")");
                if (now.isAfter(started.plus(START_GRACE)) || now.isAfter(giveUp)) {
                    throw missing;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw missing;
                }
            }
        }
    }

    private String digest(String name, char[] password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(key);
            sha.update(name.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
            byte[] raw = new byte[bytes.remaining()];
            bytes.get(raw);
            sha.update(raw);
            Arrays.fill(raw, (byte) 0);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

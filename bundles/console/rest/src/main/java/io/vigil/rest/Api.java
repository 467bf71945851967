package io.vigil.rest;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The route table and what every route shares: path matching, sign-in (HTTP Basic against the authenticator), roles,
 * refusal of cross-site state changes, the audit trail of every change, and errors as {@code {"error": reason}} with the
 * right status, never a trace.
 * The OpenAPI document is made from the same table, so it lists what is served.
 */
final class Api {

    private static final Logger LOG = LoggerFactory.getLogger(Api.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> STATE_CHANGES = Set.of("POST", "PUT", "PATCH", "DELETE");

    @FunctionalInterface
    interface Handler {
        Reply handle(Call call) throws IOException;
    }

    /** One route; {@code role} null for the few open to all. */
    record Route(String method, String template, Role role, String summary, Handler handler) {

        Optional<Map<String, String>> match(List<String> segments) {
            List<String> parts = split(template);
            if (parts.size() != segments.size()) {
                return Optional.empty();
            }
            Map<String, String> parameters = new LinkedHashMap<>();
            for (int i = 0; i < parts.size(); i++) {
                String part = parts.get(i);
                if (part.startsWith("{") && part.endsWith("}")) {
                    parameters.put(part.substring(1, part.length() - 1), segments.get(i));
                } else if (!part.equals(segments.get(i))) {
                    return Optional.empty();
                }
            }
            return Optional.of(parameters);
        }
    }

    private final List<Route> routes = new ArrayList<>();
    private final Authenticator authenticator;
    private final Sessions sessions;
    private final AuditTrail audit;

    Api(Authenticator authenticator, Sessions sessions, AuditTrail audit) {
        this.authenticator = authenticator;
        this.sessions = sessions;
        this.audit = audit;
    }

    /** Who is asking and how: the console's session (whose state changes need its CSRF token), or null for HTTP Basic. */
    private record Caller(User user, Sessions.Session session) {
    }

    Api route(String method, String template, Role role, String summary, Handler handler) {
        routes.add(new Route(method, template, role, summary, handler));
        return this;
    }

    List<Route> routes() {
        return List.copyOf(routes);
    }

    /**
     * Answers one request.
     *
     * @param headers the request's headers, names in any case; forwarding headers only when a trusted proxy sent them
     * @param address the client's address (as the proxies trusted name it), which failed sign-ins are counted by
     */
    Reply handle(String method, String path, String rawQuery, Map<String, String> headers, String body, String address) {
        Map<String, String> lower = new LinkedHashMap<>();
        headers.forEach((name, value) -> lower.put(name.toLowerCase(Locale.ROOT), value));
        try {
            return dispatch(method.toUpperCase(Locale.ROOT), split(path), query(rawQuery), lower, body, address);
        } catch (HttpError e) {
            ObjectNode error = NODES.objectNode().put("error", e.getMessage());
            if (e.detail() instanceof com.fasterxml.jackson.databind.JsonNode detail) {
                error.set("current", detail);
            }
            Reply reply = Reply.json(e.status(), error);
            // The console's own requests get no Basic challenge: a browser would answer it with its login box.
            boolean console = lower.containsKey("cookie") || Set.of("cors", "same-origin").contains(lower.getOrDefault("sec-fetch-mode", ""));
            return e.status() == 401 && !console ? reply.with("WWW-Authenticate", "Basic realm=\"Vigil\", charset=\"UTF-8\"") : reply;
        } catch (IOException e) {
            LOG.warn("{} {}: {}", method, path, e.getMessage());
            return Reply.json(503, NODES.objectNode().put("error", "Elasticsearch did not answer as expected: " + e.getMessage()));
        } catch (RuntimeException e) {
            String reference = UUID.randomUUID().toString();
            LOG.error("{} {} failed (reference {})", method, path, reference, e);
            return Reply.json(500, NODES.objectNode().put("error", "internal error, logged with reference " + reference));
        }
    }

    private Reply dispatch(String method, List<String> segments, Map<String, String> query, Map<String, String> headers, String body, String address)
            throws IOException {
        Set<String> allowed = new LinkedHashSet<>();
        Route found = null;
        Map<String, String> parameters = null;
        for (Route route : routes) {
            Optional<Map<String, String>> match = route.match(segments);
            if (match.isPresent()) {
                allowed.add(route.method());
                if (found == null && route.method().equals(method)) {
                    found = route;
                    parameters = match.get();
                }
            }
        }
        String path = "/" + String.join("/", segments);
        Caller caller = found != null && found.role() == null ? session(headers) : signIn(headers, address);
        User user = caller == null ? null : caller.user();
        if (found == null) {
            if (allowed.isEmpty()) {
                throw HttpError.notFound("no route " + path);
            }
            return Reply.json(405, NODES.objectNode().put("error", method + " is not served at " + path + "; " + String.join(", ", allowed) + " are"))
                    .with("Allow", String.join(", ", allowed));
        }
        if (found.role() == null || !STATE_CHANGES.contains(method)) {
            return run(found, method, path, parameters, query, headers, body, caller, address);
        }
        // A change, done or refused, goes into the audit trail, whatever refused it.
        int status = 500;
        String reason = null;
        try {
            Reply reply = run(found, method, path, parameters, query, headers, body, caller, address);
            status = reply.status();
            return reply;
        } catch (HttpError e) {
            status = e.status();
            reason = e.getMessage();
            throw e;
        } catch (IOException e) {
            status = 503;
            reason = e.getMessage();
            throw e;
        } finally {
            audit.change(user, caller.session() != null, address, method + " " + found.template(), path, parameters, status, body, reason);
        }
    }

    private Reply run(Route found, String method, String path, Map<String, String> parameters, Map<String, String> query, Map<String, String> headers,
            String body, Caller caller, String address) throws IOException {
        User user = caller == null ? null : caller.user();
        if (found.role() != null) {
            if (user.role() == null) {
                throw new HttpError(403, user.name() + " has none of Vigil's roles (viewer, handler, admin)");
            }
            if (!user.role().covers(found.role())) {
                throw new HttpError(403, found.method() + " " + found.template() + " needs the role " + found.role().label() + "; " + user.name() + " has "
                        + user.role().label());
            }
        }
        if (STATE_CHANGES.contains(method)) {
            refuseCrossSite(headers);
            if (caller != null && caller.session() != null && !caller.session().csrfMatches(headers.get("x-csrf-token"))) {
                throw new HttpError(403, "a change made with the console's session needs its CSRF token in X-CSRF-Token (GET /api/session gives it)");
            }
        }
        return found.handler().handle(new Call(method, path, parameters, query, headers, body, user, caller == null ? null : caller.session(), address));
    }

    /** The console's session, when the request carries a live one. */
    private Caller session(Map<String, String> headers) {
        return sessions.find(Sessions.cookie(headers.get("cookie"))).map(session -> new Caller(session.user, session)).orElse(null);
    }

    private Caller signIn(Map<String, String> headers, String address) {
        String authorization = headers.get("authorization");
        if (authorization == null) {
            Caller caller = session(headers);
            if (caller == null) {
                throw new HttpError(401, Sessions.cookie(headers.get("cookie")) == null ? "sign in: HTTP Basic credentials of a Vigil user, or the console's session, are required"
                        : "the session has ended: sign in again");
            }
            return caller;
        }
        return new Caller(basic(authorization, address), null);
    }

    private User basic(String authorization, String address) {
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw new HttpError(401, "sign in: HTTP Basic credentials of a Vigil user are required");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new HttpError(401, "the Basic credentials are not Base64");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw new HttpError(401, "the Basic credentials are not name:password");
        }
        return authenticator.authenticate(decoded.substring(0, colon), decoded.substring(colon + 1).toCharArray(), address)
                .orElseThrow(() -> new HttpError(401, "wrong user name or password"));
    }

    /**
     * A browser that once signed in sends its Basic credentials to any page's request, so a state change coming from
     * another site's page is refused; the browser says so in {@code Sec-Fetch-Site} or {@code Origin}. Clients that are
     * not browsers send neither.
     */
    private void refuseCrossSite(Map<String, String> headers) {
        if ("cross-site".equalsIgnoreCase(headers.get("sec-fetch-site"))) {
            throw new HttpError(403, "cross-site request refused");
        }
        String origin = headers.get("origin");
        if (origin == null) {
            return;
        }
        String sent = origin.equals("null") ? null : Origins.sent(origin);
        String own = Origins.own(headers, sessions.secure());
        if (sent == null || !sent.equals(own)) {
            throw new HttpError(403, "cross-site request refused: origin " + origin + " is not " + (own == null ? "this API's" : own));
        }
    }

    static List<String> split(String path) {
        List<String> segments = new ArrayList<>();
        for (String segment : (path == null ? "" : path).split("/")) {
            if (!segment.isEmpty()) {
                segments.add(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return segments;
    }

    static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            query.putIfAbsent(name, value);
        }
        return query;
    }
}

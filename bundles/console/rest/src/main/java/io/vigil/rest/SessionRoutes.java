package io.vigil.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Signing in and out of the console: {@code POST /api/session} with a name and password sets the session cookie and
 * answers the CSRF token; {@code GET} tells who is signed in; {@code DELETE} signs out. API clients need none of this:
 * they send HTTP Basic with each request.
 */
final class SessionRoutes {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Authenticator authenticator;
    private final Sessions sessions;
    private final boolean oidc;
    private final AuditTrail audit;

    SessionRoutes(Authenticator authenticator, Sessions sessions, boolean oidc, AuditTrail audit) {
        this.authenticator = authenticator;
        this.sessions = sessions;
        this.oidc = oidc;
        this.audit = audit;
    }

    void register(Api api) {
        api.route("GET", "/api/session/methods", null, "How one signs in here, for the console's sign-in page: password, and oidc when a provider is configured",
                call -> Reply.ok(NODES.objectNode().put("password", true).put("oidc", oidc)));
        api.route("POST", "/api/session", null, "Sign in to the console ({\"user\", \"password\"}): sets the session cookie, answers the CSRF token", call -> {
            JsonNode sent = call.object();
            String name = sent.path("user").asText("");
            String password = sent.path("password").asText("");
            if (name.isEmpty() || password.isEmpty()) {
                throw HttpError.badRequest("user and password are required");
            }
            User user = authenticator.authenticate(name, password.toCharArray(), call.address())
                    .orElseThrow(() -> new HttpError(401, "wrong user name or password"));
            if (user.role() == null) {
                throw new HttpError(403, user.name() + " has none of Vigil's roles (viewer, handler, admin)");
            }
            Sessions.Session session = sessions.open(user, true);
            audit.sessionOpened(user, call.address());
            return Reply.ok(describe(session)).with("Set-Cookie", sessions.cookie(session));
        });
        api.route("GET", "/api/session", Role.VIEWER, "Who is signed in, with the session's CSRF token", call -> Reply.ok(call.session() == null
                ? NODES.objectNode().put("user", call.user().name()).put("role", call.user().role().label()).putNull("csrf") : describe(call.session())));
        api.route("DELETE", "/api/session", null, "Sign out of the console", call -> {
            if (call.session() != null) {
                sessions.close(call.session().id);
                audit.signOut(call.session().user, call.address());
            }
            return Reply.ok(NODES.objectNode().put("signedOut", true)).with("Set-Cookie", sessions.signedOutCookie());
        });
    }

    private static ObjectNode describe(Sessions.Session session) {
        return NODES.objectNode().put("user", session.user.name()).put("role", session.user.role().label()).put("csrf", session.csrf)
                .put("since", session.created.toString());
    }
}

package io.vigil.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.elasticsearch.Answer;
import io.vigil.elasticsearch.layout.IndexNames;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail: who did what, when and from where — sign-ins and failed ones, sessions opened and ended, and every change asked of
 * the API (acknowledge, escalate, incident edits, block and unblock, rule and plugin switches), done or refused. One
 * document a record in the monthly index {@code audit-YYYYMM}, created under a random id: nothing in Vigil updates or
 * deletes one, and the index lifecycle keeps them as it keeps alerts. A record Elasticsearch does not take is written
 * to the log in full, so it is not lost with the request.
 */
final class AuditTrail {

    static final String INDICES = "audit-*";
    static final String SIGN_IN = "sign-in";
    /** A change's body is kept up to this size; a larger one only says how large it was. */
    static final int DETAILS_MAX = 8 * 1024;
    private static final Set<String> SECRETS = Set.of("password", "secret", "token", "client_secret", "csrf");
    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where records go: Elasticsearch in the container, a list in unit tests. */
    interface Sink {
        void write(String index, String id, ObjectNode record) throws IOException;
    }

    private final Sink sink;
    private final Clock clock;

    AuditTrail(Sink sink, Clock clock) {
        this.sink = sink;
        this.clock = clock;
    }

    /** Records go to Elasticsearch, whose template for them is installed at the first record (and again after a failure). */
    static AuditTrail of(Elastic elastic, Clock clock) {
        JsonNode template = template();
        AtomicBoolean installed = new AtomicBoolean();
        return new AuditTrail((index, id, record) -> {
            if (!installed.get()) {
                elastic.ok("PUT", "/_index_template/vigil-audit", template);
                installed.set(true);
            }
            Answer answer = elastic.send("PUT", "/" + index + "/_create/" + id, record);
            if (!answer.ok()) {
                installed.set(false);
                throw new IOException("Elasticsearch answered " + answer.status() + ": " + answer.reason());
            }
        }, clock);
    }

    /** A sign-in through the realm or the provider: {@code how} is password, basic or openid-connect; {@code role} null when refused. */
    void signIn(String user, Role role, String address, String how, boolean ok, String reason) {
        ObjectNode record = record(user, role, address, SIGN_IN, ok ? 200 : 401);
        record.put("how", how);
        if (reason != null) {
            record.put("reason", reason);
        }
        write(record);
    }

    /**
     * A console session opened with a password: recorded whether or not the password was checked against the realm
     * this time (a check is remembered a while, and recorded as a sign-in only when made).
     */
    void sessionOpened(User user, String address) {
        write(record(user.name(), user.role(), address, "session-opened", 200).put("how", "password"));
    }

    /** A console session ended by its user. */
    void signOut(User user, String address) {
        write(record(user.name(), user.role(), address, "sign-out", 200).put("how", "session"));
    }

    /**
     * A change asked of the API, whatever came of it.
     *
     * @param action the route, as {@code POST /api/incidents/{id}}
     * @param target the route's parameters (the ids of what was changed)
     * @param body what was sent, kept with secrets removed
     */
    void change(User user, boolean session, String address, String action, String path, Map<String, String> target, int status, String body,
            String reason) {
        ObjectNode record = record(user.name(), user.role(), address, action, status);
        record.put("path", path).put("how", session ? "session" : "basic");
        target.forEach(record.putObject("target")::put);
        if (reason != null) {
            record.put("reason", reason);
        }
        if (body != null && !body.isBlank()) {
            if (body.length() > DETAILS_MAX) {
                record.putObject("details").put("bytes", body.length()).put("kept", false);
            } else {
                JsonNode details;
                try {
                    details = JSON.readTree(body);
                } catch (IOException e) {
                    details = JSON.createObjectNode().put("text", body);
                }
                record.set("details", withoutSecrets(details));
            }
        }
        write(record);
    }

    private ObjectNode record(String user, Role role, String address, String action, int status) {
        ObjectNode record = JSON.createObjectNode().put("timestamp", clock.instant().toString()).put("user", user)
                .put("address", address).put("action", action).put("status", status).put("outcome", status < 400 ? "success" : "failure");
        if (role == null) {
            record.putNull("role");
        } else {
            record.put("role", role.label());
        }
        return record;
    }

    private void write(ObjectNode record) {
        Instant at = Instant.parse(record.get("timestamp").asText());
        try {
            sink.write(IndexNames.auditIndex(at), UUID.randomUUID().toString(), record);
        } catch (IOException | RuntimeException e) {
            LOG.error("Audit record not stored ({}), kept here: {}", e.getMessage(), record);
        }
    }

    /** A copy without the values of fields named like secrets, at any depth. */
    static JsonNode withoutSecrets(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = JSON.createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                boolean secret = SECRETS.stream().anyMatch(name -> field.getKey().toLowerCase(Locale.ROOT).contains(name));
                copy.set(field.getKey(), secret ? JSON.getNodeFactory().textNode("(removed)") : withoutSecrets(field.getValue()));
            }
            return copy;
        }
        if (node.isArray()) {
            var copy = JSON.createArrayNode();
            node.forEach(item -> copy.add(withoutSecrets(item)));
            return copy;
        }
        return node;
    }

    private static JsonNode template() {
        try (InputStream in = AuditTrail.class.getResourceAsStream("audit-template.json")) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("the audit template is part of this bundle", e);
        }
    }
}

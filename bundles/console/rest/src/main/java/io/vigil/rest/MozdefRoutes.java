package io.vigil.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.ingest.PluginState;
import io.vigil.blocklist.Blocklist;
import io.vigil.blocklist.Durations;
import io.vigil.elasticsearch.Answer;
import io.vigil.elasticsearch.Elasticsearch;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * MozDef's REST routes ({@code rest/index.py}), with its request and answer shapes, so its clients and the triage
 * bot keep working: what MozDef kept in MongoDB lives in Elasticsearch indices (alerts in place, duplicate chains and
 * the watch list in their own).
 */
final class MozdefRoutes {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final List<String> ALERT_STATUSES = List.of("manual", "inProgress", "acknowledged", "escalated");
    /** MozDef's default when a block or watch names no duration. */
    private static final Duration DEFAULT_DURATION = Duration.ofHours(1);

    private final Elastic elastic;
    private final Documents documents;
    private final MappedIndices indices;
    private final RestConfig config;
    private final Blocklist blocklist;
    private final IncidentRoutes incidents;
    private final Supplier<List<PluginState>> plugins;
    private final Consumer<Documents.Found> triaged;
    private final Clock clock;

    /** @param triaged told of each alert /alertstatus changed */
    MozdefRoutes(Elastic elastic, Documents documents, MappedIndices indices, RestConfig config, Blocklist blocklist, IncidentRoutes incidents,
            Supplier<List<PluginState>> plugins, Consumer<Documents.Found> triaged, Clock clock) {
        this.triaged = triaged;
        this.elastic = elastic;
        this.documents = documents;
        this.indices = indices;
        this.config = config;
        this.blocklist = blocklist;
        this.incidents = incidents;
        this.plugins = plugins;
        this.clock = clock;
    }

    void register(Api api) {
        api.route("GET", "/test", null, "Empty answer: the service is up (MozDef)", call -> Reply.text(200, ""));
        api.route("GET", "/status", null, "{\"status\": \"ok\", \"service\": \"restapi\"} (MozDef); open to all, for load balancers",
                call -> Reply.ok(NODES.objectNode().put("status", "ok").put("service", "restapi")));
        api.route("GET", "/kibanadashboards", Role.VIEWER, "Kibana's dashboards as [{name, id}] (MozDef)", call -> Reply.ok(dashboards()));
        api.route("POST", "/alertstatus", Role.HANDLER, "Set an alert's triage status (MozDef's triage bot: alert, status, user, response, identityConfidence)",
                this::alertStatus);
        api.route("GET", "/alerttriagechain", Role.VIEWER, "A duplicate chain of the triage bot (alert, user in the query)", call -> {
            Documents.Found chain = chain(call.query("alert", null), call.query("user", null));
            ObjectNode answer = NODES.objectNode().putNull("error");
            answer.set("identifiers", chain.source().path("identifiers"));
            answer.set("created", chain.source().path("created"));
            answer.set("modified", chain.source().path("modified"));
            return Reply.ok(answer);
        });
        api.route("POST", "/alerttriagechain", Role.HANDLER, "Start a duplicate chain (alert, user, identifiers)", this::createChain);
        api.route("PUT", "/alerttriagechain", Role.HANDLER, "Add identifiers to a duplicate chain (alert, user, identifiers)", call -> {
            JsonNode sent = call.object();
            Documents.Found chain = chain(sent.path("alert").asText(null), sent.path("user").asText(null));
            documents.change(config.chainsIndex(), chain.id(), "duplicate chain", source -> {
                ArrayNode identifiers = (ArrayNode) source.withArray("identifiers");
                Set<String> present = new HashSet<>();
                identifiers.forEach(identifier -> present.add(identifier.asText()));
                identifiers(sent).forEach(identifier -> {
                    if (present.add(identifier)) {
                        identifiers.add(identifier);
                    }
                });
                return source.put("modified", clock.instant().toString());
            });
            return Reply.ok(NODES.objectNode().putNull("error"));
        });
        api.route("DELETE", "/alerttriagechain", Role.HANDLER, "End a duplicate chain (alert, user)", call -> {
            JsonNode sent = call.body() == null || call.body().isBlank() ? NODES.objectNode() : call.object();
            String alert = sent.path("alert").asText(call.query("alert", null));
            String user = sent.path("user").asText(call.query("user", null));
            Documents.Found chain = chain(alert, user);
            elastic.ok("DELETE", "/" + chain.index() + "/_doc/" + Elasticsearch.encode(chain.id()) + "?refresh=wait_for", null);
            return Reply.ok(NODES.objectNode().putNull("error"));
        });
        api.route("POST", "/blockip", Role.HANDLER, "Block an address or network (ipaddress, duration 12hr/1d/2d/3d/1w/30d, comment, referenceid)",
                call -> block(call, Blocklist.Kind.IP, "ipaddress"));
        api.route("POST", "/blockfqdn", Role.HANDLER, "Block a domain name (fqdn, duration, comment, referenceid)", call -> block(call, Blocklist.Kind.FQDN, "fqdn"));
        api.route("GET", "/api/blocklist/{kind}", Role.VIEWER, "The unexpired entries of the ip or fqdn block list, newest first",
                call -> Reply.ok(blocked(kind(call))));
        api.route("POST", "/api/blocklist/{kind}/unblock", Role.HANDLER, "Take a value off the ip or fqdn block list ({\"value\": ...}); 404 when it is not on it", call -> {
            String value = required(call.object().path("value").asText(null), "value");
            if (!blocklist.unblock(kind(call), value)) {
                throw HttpError.notFound(value + " is not on the " + call.parameter("kind") + " block list");
            }
            return Reply.ok(NODES.objectNode().put("unblocked", value));
        });
        api.route("POST", "/watchitem", Role.HANDLER, "Watch a term (watchcontent, duration, comment, referenceid)", this::watch);
        api.route("GET", "/getwatchlist", Role.VIEWER, "What is watched and not expired (MozDef's watchcontent list)", call -> Reply.ok(watchlist()));
        api.route("POST", "/incident", Role.HANDLER, "Open an incident (MozDef: summary, phase, dates as 2017-03-01 09:30 PM or ISO)", call -> {
            JsonNode sent = call.object();
            ObjectNode fields = sent.deepCopy();
            fields.remove("creator");
            Documents.Found made = incidents.create(config.incidentsIndex(), fields, call.userName());
            return Reply.ok(NODES.objectNode().put("status", "success").put("message", "Incident: <" + made.id() + "> added.").put("id", made.id()));
        });
        api.route("GET", "/veris", Role.VIEWER, "VERIS tags of the incidents, with how many carry each (MozDef)", call -> Reply.ok(veris()));
        api.route("GET", "/plugins", Role.VIEWER, "The event plugins deployed, in the order they run: name, registration, priority (MozDef), bundle, state", call -> {
            ArrayNode list = NODES.arrayNode();
            for (PluginState entry : plugins.get()) {
                ObjectNode plugin = list.addObject().put("name", entry.name()).put("description", entry.description());
                ArrayNode registration = plugin.putArray("registration");
                new TreeSet<>(entry.terms()).forEach(registration::add);
                plugin.put("priority", entry.priority()).put("origin", entry.origin());
                plugin.put("inactive", entry.inactiveReason());
            }
            return Reply.ok(list);
        });
    }

    private Reply alertStatus(Call call) throws IOException {
        JsonNode sent = call.object();
        String id = sent.path("alert").asText("");
        String status = sent.path("status").asText("");
        if (!ALERT_STATUSES.contains(status)) {
            throw HttpError.badRequest("Status not one of " + String.join(", ", ALERT_STATUSES));
        }
        if (id.isEmpty() || documents.find(config.alertsIndex(), id).isEmpty()) {
            throw HttpError.badRequest("Alert not found");
        }
        triaged.accept(documents.change(config.alertsIndex(), id, "alert", alert -> {
            alert.put("status", status);
            alert.put("acknowledged", clock.instant().toString());
            alert.put("acknowledgedby", "triagebot");
            ObjectNode triage = alert.with("details").putObject("triage");
            triage.set("user", sent.path("user").isObject() ? sent.get("user") : NullNode.instance);
            triage.set("response", sent.has("response") ? sent.get("response") : NullNode.instance);
            triage.set("identityConfidence", sent.has("identityConfidence") ? sent.get("identityConfidence") : NullNode.instance);
            return alert;
        }));
        return Reply.ok(NODES.objectNode().putNull("error"));
    }

    private Reply createChain(Call call) throws IOException {
        JsonNode sent = call.object();
        String alert = required(sent.path("alert").asText(null), "alert");
        String user = required(sent.path("user").asText(null), "user");
        indices.ensure(config.chainsIndex(), "duplicatechains");
        String now = clock.instant().toString();
        ObjectNode chain = NODES.objectNode().put("alert", alert).put("user", user).put("created", now).put("modified", now);
        ArrayNode identifiers = chain.putArray("identifiers");
        identifiers(sent).forEach(identifiers::add);
        Answer answer = elastic.send("PUT", "/" + config.chainsIndex() + "/_create/" + Elasticsearch.encode(chainId(alert, user)) + "?refresh=wait_for", chain);
        if (answer.status() == 409) {
            throw new HttpError(409, "a duplicate chain of " + alert + " for " + user + " exists; PUT adds to it");
        }
        if (!answer.ok()) {
            throw new IOException("writing the chain answered " + answer.status() + ": " + answer.reason());
        }
        return Reply.ok(NODES.objectNode().putNull("error"));
    }

    private Documents.Found chain(String alert, String user) throws IOException {
        required(alert, "alert");
        required(user, "user");
        return documents.find(config.chainsIndex(), chainId(alert, user))
                .orElseThrow(() -> HttpError.notFound("no duplicate chain of " + alert + " for " + user));
    }

    /** One chain an alert and user, under an id made of both. */
    private static String chainId(String alert, String user) {
        return Elasticsearch.encode(alert) + ":" + Elasticsearch.encode(user);
    }

    private static List<String> identifiers(JsonNode sent) {
        JsonNode identifiers = sent.path("identifiers");
        if (!identifiers.isArray()) {
            throw HttpError.badRequest("identifiers must be a list");
        }
        List<String> list = new ArrayList<>();
        identifiers.forEach(identifier -> list.add(identifier.asText()));
        return list;
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw HttpError.badRequest(name + " is required");
        }
        return value;
    }

    /**
     * MozDef's console posted a list of one-key objects ({@code [{"ipaddress": ...}, {"duration": "1d"}]}); plain
     * objects are taken too.
     */
    static ObjectNode flattened(JsonNode sent) {
        if (sent.isObject()) {
            return (ObjectNode) sent;
        }
        if (!sent.isArray()) {
            throw HttpError.badRequest("the body must be a JSON object (or MozDef's list of one-key objects)");
        }
        ObjectNode merged = NODES.objectNode();
        sent.forEach(item -> {
            if (!item.isObject()) {
                throw HttpError.badRequest("the body's list holds one-key objects, not " + item);
            }
            merged.setAll((ObjectNode) item);
        });
        return merged;
    }

    private Duration duration(ObjectNode sent) {
        String text = sent.path("duration").asText("");
        try {
            return text.isEmpty() ? DEFAULT_DURATION : Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(e.getMessage());
        }
    }

    private Reply block(Call call, Blocklist.Kind kind, String field) throws IOException {
        ObjectNode sent = flattened(call.json());
        String value = required(sent.path(field).asText(null), field);
        Duration duration = duration(sent);
        try {
            Blocklist.Entry entry = blocklist.block(kind, value, duration, call.userName(), sent.path("referenceid").asText(""), sent.path("comment").asText(""));
            ObjectNode answer = NODES.objectNode().putNull("error");
            answer.putObject("blocked").put(field, entry.value()).put("dateAdded", entry.added().toString()).put("dateExpiring", entry.expires().toString());
            return Reply.ok(answer);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(e.getMessage());
        }
    }

    private static Blocklist.Kind kind(Call call) {
        return switch (call.parameter("kind")) {
            case "ip" -> Blocklist.Kind.IP;
            case "fqdn" -> Blocklist.Kind.FQDN;
            default -> throw HttpError.notFound("no block list " + call.parameter("kind") + "; there are ip and fqdn");
        };
    }

    private ArrayNode blocked(Blocklist.Kind kind) throws IOException {
        ArrayNode list = NODES.arrayNode();
        List<Blocklist.Entry> entries = new ArrayList<>(blocklist.active(kind));
        entries.sort(Comparator.comparing(Blocklist.Entry::added).reversed());
        for (Blocklist.Entry entry : entries) {
            list.addObject().put("value", entry.value()).put("dateAdded", entry.added().toString()).put("dateExpiring", entry.expires().toString())
                    .put("creator", entry.creator()).put("reference", entry.reference()).put("comment", entry.comment());
        }
        return list;
    }

    private Reply watch(Call call) throws IOException {
        ObjectNode sent = flattened(call.json());
        String term = required(sent.path("watchcontent").asText(null), "watchcontent").strip();
        Instant now = clock.instant();
        Duration duration = duration(sent);
        indices.ensure(config.watchlistIndex(), "watchlist");
        ObjectNode item = NODES.objectNode().put("watchcontent", term).put("comment", sent.path("comment").asText("")).put("creator", call.userName())
                .put("reference", sent.path("referenceid").asText("")).put("dateAdded", now.toString()).put("dateExpiring", now.plus(duration).toString());
        elastic.ok("PUT", "/" + config.watchlistIndex() + "/_doc/" + Elasticsearch.encode(term) + "?refresh=wait_for", item);
        ObjectNode answer = NODES.objectNode().putNull("error");
        answer.set("watched", item);
        return Reply.ok(answer);
    }

    /** Only unexpired terms: MozDef purged expired ones on every read; here they are filtered and left for the record. */
    private ArrayNode watchlist() throws IOException {
        ObjectNode query = NODES.objectNode().put("size", Search.MAX_SIZE);
        query.putObject("query").putObject("range").putObject("dateExpiring").put("gt", clock.instant().toString());
        query.putArray("sort").addObject().put("dateAdded", "desc");
        ArrayNode list = NODES.arrayNode();
        elastic.search(config.watchlistIndex(), query).path("hits").path("hits").forEach(hit -> list.add(hit.path("_source")));
        return list;
    }

    private ArrayNode dashboards() throws IOException {
        ObjectNode query = NODES.objectNode().put("size", Search.MAX_SIZE);
        query.putObject("query").putObject("term").put("type", "dashboard");
        ArrayNode list = NODES.arrayNode();
        elastic.search(config.kibanaIndex(), query).path("hits").path("hits").forEach(hit -> {
            String id = hit.path("_id").asText();
            list.addObject().put("name", hit.path("_source").path("dashboard").path("title").asText())
                    .put("id", id.startsWith("dashboard:") ? id.substring("dashboard:".length()) : id);
        });
        return list;
    }

    private ArrayNode veris() throws IOException {
        ObjectNode query = NODES.objectNode().put("size", 0);
        query.putObject("aggs").putObject("tags").putObject("terms").put("field", "tags").put("size", 1000);
        ArrayNode list = NODES.arrayNode();
        elastic.search(config.incidentsIndex(), query).path("aggregations").path("tags").path("buckets")
                .forEach(bucket -> list.addObject().put("tag", bucket.path("key").asText()).put("count", bucket.path("doc_count").asLong()));
        return list;
    }
}

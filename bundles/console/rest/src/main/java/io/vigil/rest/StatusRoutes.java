package io.vigil.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.alerts.Rules;
import io.vigil.sigma.rules.SigmaRules;
import io.vigil.api.metrics.HealthCheck;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;

/**
 * What the console's status pages read: the health of what the pipeline depends on ({@code /api/health}), the alert
 * rules and how their runs went ({@code /api/rules}), the VERIS tags to pick from ({@code /api/veris/taxonomy}); and
 * {@code /}, which sends a browser to the console.
 */
final class StatusRoutes {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Elastic elastic;
    private final Supplier<CamelContext> camel;
    private final Supplier<List<HealthCheck>> checks;
    private final Supplier<Rules> rules;
    private final Supplier<SigmaRules> sigma;
    private final String taxonomy;

    StatusRoutes(Elastic elastic, Supplier<CamelContext> camel, Supplier<List<HealthCheck>> checks, Supplier<Rules> rules, Supplier<SigmaRules> sigma,
            String taxonomy) {
        this.elastic = elastic;
        this.camel = camel;
        this.checks = checks;
        this.rules = rules;
        this.sigma = sigma;
        this.taxonomy = taxonomy;
    }

    void register(Api api) {
        api.route("GET", "/", null, "Sends a browser to the console (/ui/)", call -> new Reply(302, "text/plain; charset=utf-8", "", Map.of("Location", "/ui/")));
        api.route("GET", "/api/health", Role.VIEWER,
                "Elasticsearch's cluster health, every Camel route's state (inputs, outputs) and the checks the bundles register (RabbitMQ); healthy is all of them",
                call -> Reply.ok(health()));
        api.route("GET", "/api/rules", Role.VIEWER, "The alert rules: origin, schedule, window, last run, runs, alerts, failures, last error; and the rule files "
                + "refused; under sigma, the Sigma rules streaming detection runs (logsource, field mapping, matches, alerts) and the Sigma files refused",
                call -> Reply.ok(rules()));
        api.route("POST", "/api/rules/sigma/switches", Role.ADMIN, "Switch Sigma rules on or off without touching their files ({\"target\": a rule's id "
                + "or a glob of rule files as listed, e.g. windows/builtin/**, \"enabled\": true, false or null to remove the switch, \"reason\": required to "
                + "switch off}); of the switches naming a rule, one by id decides, else the longest glob; every container of the cluster follows. "
                + "Answers the rules the target names in their new state", this::turn);
        api.route("GET", "/api/veris/taxonomy", Role.VIEWER, "The VERIS tags incidents are tagged with (verisTaxonomy in etc/io.vigil.rest.cfg)",
                call -> Reply.ok(taxonomy()));
    }

    private ObjectNode health() {
        ObjectNode health = NODES.objectNode();
        boolean healthy = true;
        ObjectNode cluster = health.putObject("elasticsearch");
        try {
            JsonNode answer = elastic.ok("GET", "/_cluster/health", null);
            String status = answer.path("status").asText();
            cluster.put("status", status).put("cluster", answer.path("cluster_name").asText()).put("nodes", answer.path("number_of_nodes").asInt())
                    .put("activeShards", answer.path("active_shards").asInt()).put("unassignedShards", answer.path("unassigned_shards").asInt());
            // Yellow is a single node's normal state: replicas have nowhere to go, nothing is lost.
            healthy = !"red".equals(status);
        } catch (IOException | RuntimeException e) {
            cluster.put("status", "unreachable").put("problem", e.getMessage());
            healthy = false;
        }
        ArrayNode routes = health.putArray("routes");
        CamelContext context = camel.get();
        if (context != null) {
            for (Route route : context.getRoutes()) {
                String status = String.valueOf(context.getRouteController().getRouteStatus(route.getRouteId()));
                routes.addObject().put("id", route.getRouteId()).put("status", status).put("uptimeMillis", route.getUptimeMillis())
                        .put("from", redacted(route.getEndpoint().getEndpointBaseUri()));
            }
        }
        ArrayNode list = health.putArray("checks");
        for (HealthCheck check : checks.get()) {
            String problem;
            try {
                problem = check.problem();
            } catch (RuntimeException e) {
                problem = "the check failed: " + e;
            }
            ObjectNode item = list.addObject().put("name", check.name()).put("healthy", problem == null);
            if (problem != null) {
                item.put("problem", problem);
                healthy = false;
            }
        }
        return health.put("healthy", healthy);
    }

    /** An endpoint's address without what may follow a user name in it. */
    private static String redacted(String uri) {
        return uri.replaceAll("//[^/@]*@", "//");
    }

    private ObjectNode rules() {
        ObjectNode answer = alertRules();
        answer.set("sigma", sigmaRules());
        return answer;
    }

    private ObjectNode sigmaRules() {
        SigmaRules engine = sigma.get();
        ObjectNode answer = NODES.objectNode().put("running", engine != null);
        if (engine == null) {
            return answer.put("problem", "Sigma detection is not running (feature vigil-sigma, etc/io.vigil.sigma.cfg)");
        }
        answer.put("folder", engine.folder());
        ArrayNode list = answer.putArray("rules");
        for (SigmaRules.Status rule : engine.list()) {
            list.addObject().put("id", rule.id()).put("title", rule.title()).put("level", rule.level()).put("logsource", rule.logsource())
                    .put("file", rule.file()).put("state", rule.state()).put("mapping", rule.mapping()).put("matches", rule.matches()).put("alerts", rule.alerts())
                    .put("throttled", rule.throttled());
        }
        ArrayNode refused = answer.putArray("refused");
        engine.refused().forEach(file -> refused.addObject().put("file", file.file()).put("line", file.line()).put("feature", file.feature())
                .put("reason", file.reason()));
        ArrayNode switches = answer.putArray("switches");
        engine.switches().forEach(item -> switches.addObject().put("target", item.target()).put("enabled", item.enabled()).put("by", item.by())
                .put("at", item.at().toString()).put("reason", item.reason()));
        return answer;
    }

    private Reply turn(Call call) throws IOException {
        SigmaRules engine = sigma.get();
        if (engine == null) {
            throw new HttpError(503, "Sigma detection is not running (feature vigil-sigma, etc/io.vigil.sigma.cfg)");
        }
        JsonNode body = call.object();
        String target = body.path("target").asText("").strip();
        JsonNode enabled = body.path("enabled");
        if (!enabled.isBoolean() && !enabled.isNull()) {
            throw HttpError.badRequest("enabled is true, false or null (removes the switch of the target)");
        }
        String reason = body.path("reason").asText("").strip();
        if (enabled.isBoolean() && !enabled.booleanValue() && reason.isEmpty()) {
            throw HttpError.badRequest("a reason is required to switch rules off: handlers see it beside the rules");
        }
        List<SigmaRules.Status> named;
        try {
            named = engine.turn(target, enabled.isNull() ? null : enabled.booleanValue(), call.userName(), reason);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(e.getMessage());
        }
        ObjectNode answer = NODES.objectNode().put("target", target);
        answer.set("enabled", enabled);
        ArrayNode list = answer.put("count", named.size()).putArray("rules");
        named.forEach(rule -> list.addObject().put("id", rule.id()).put("title", rule.title()).put("file", rule.file()).put("state", rule.state()));
        return Reply.ok(answer);
    }

    private ObjectNode alertRules() {
        Rules engine = rules.get();
        ObjectNode answer = NODES.objectNode().put("running", engine != null);
        ArrayNode list = answer.putArray("rules");
        ArrayNode refused = answer.putArray("refused");
        if (engine == null) {
            return answer.put("problem", "the alert engine is not running (feature vigil-alerts, etc/io.vigil.alerts.cfg)");
        }
        for (Rules.Status rule : engine.list()) {
            ObjectNode item = list.addObject().put("name", rule.name()).put("classname", rule.classname()).put("origin", rule.origin())
                    .put("enabled", rule.enabled()).put("schedule", rule.schedule()).put("window", rule.window())
                    .put("runs", rule.runs()).put("alerts", rule.alerts()).put("failures", rule.failures()).put("lastRunMillis", rule.lastRunMillis());
            item.put("lastCovered", rule.lastCovered() == null ? null : rule.lastCovered().toString());
            item.put("lastRun", rule.lastRun() == null ? null : rule.lastRun().toString());
            item.put("lastError", rule.lastError());
        }
        engine.refused().forEach(file -> refused.addObject().put("origin", file.origin()).put("reason", file.reason()));
        return answer;
    }

    private ObjectNode taxonomy() {
        ObjectNode answer = NODES.objectNode().put("source", taxonomy.isBlank() ? "built-in" : taxonomy);
        ArrayNode tags = answer.putArray("tags");
        try (InputStream in = taxonomy.isBlank() ? StatusRoutes.class.getResourceAsStream("veris.txt") : Files.newInputStream(Path.of(taxonomy));
                BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            lines.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).forEach(tags::add);
        } catch (IOException | UncheckedIOException e) {
            throw new HttpError(503, "the VERIS taxonomy " + answer.path("source").asText() + " cannot be read: " + e.getMessage());
        }
        return answer;
    }
}

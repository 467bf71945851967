package io.vigil.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.alerts.Rule.Facet;
import io.vigil.api.alert.AlertContext;
import io.vigil.api.alert.AlertRule;
import io.vigil.elasticsearch.layout.IndexNames;
import io.vigil.support.IpAddresses;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Runs one rule over one time range, as MozDef's AlertTask does, with Elasticsearch doing the counting: a terms
 * aggregation (with top hits for the samples and sub-aggregations for the facets) instead of fetching up to 1000 hits
 * and grouping them in the process. Each alert is enriched by the alert plugins, stored in {@code alerts-YYYYMM}, its
 * events tagged ({@code alert_names}, {@code alerts}) so the rule never raises them again, and published. A dry run
 * (rule testing) only returns what would be raised.
 */
public final class RuleRunner {

    /** MozDef's size of a search: alerts per run for a per-event rule, and the page of events tagged at once. */
    static final int PAGE = 1000;

    /** The most distinct aggregation values one run looks at (each beyond its threshold raises an alert). */
    static final int MAX_BUCKETS = 1000;

    /** MozDef's DEFAULT_STATUS: the triage bot changes it. */
    static final String DEFAULT_STATUS = "manual";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final DateTimeFormatter PYTHON_ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss[.SSSSSS]xxx").withZone(ZoneOffset.UTC);
    private static final int CONFLICT_RETRIES = 5;

    /** Where alerts go after they are stored: MozDef's {@code {_id, _index, _source}} document. */
    public interface Publisher extends Consumer<ObjectNode> {
    }

    /** The alerts of a run, each as published ({@code _id}, {@code _index}, {@code _source}; no ids in a dry run). */
    public record Result(List<ObjectNode> alerts, long eventsMatched) {
    }

    private final AlertIndex elasticsearch;
    private final UnaryOperator<ObjectNode> plugins;
    private final Publisher publisher;
    private final Function<Instant, String> alertIndexName;
    private final HostNames hosts;
    private final UnaryOperator<String> stateIndex;

    /**
     * @param plugins the alert plugins, applied to an alert before it is stored (not to deadman alerts, as MozDef)
     * @param alertIndexName the index an alert raised at an instant goes to ({@code alerts-YYYYMM} in production)
     * @param hosts the names of addresses, for summaries ({@code {host:…}}) and Java rules
     * @param stateIndex the index a Java rule's state index name stands for (itself in production)
     */
    public RuleRunner(AlertIndex elasticsearch, UnaryOperator<ObjectNode> plugins, Publisher publisher, Function<Instant, String> alertIndexName,
            HostNames hosts, UnaryOperator<String> stateIndex) {
        this.elasticsearch = elasticsearch;
        this.plugins = plugins;
        this.publisher = publisher;
        this.alertIndexName = alertIndexName;
        this.hosts = hosts;
        this.stateIndex = stateIndex;
    }

    public RuleRunner(AlertIndex elasticsearch, UnaryOperator<ObjectNode> plugins, Publisher publisher) {
        this(elasticsearch, plugins, publisher, IndexNames::alertsIndex, HostNames.dns(), UnaryOperator.identity());
    }

    /**
     * Runs {@code rule} over the events whose {@code utctimestamp} or {@code receivedtimestamp} is in [{@code from},
     * {@code now}] (MozDef: [now − window, now]; later, the range since the last covered time).
     *
     * @param indices the event indices searched, or {@code null} for the rule's own
     */
    public Result run(Rule rule, Instant from, Instant now, List<String> indices, boolean dryRun) throws IOException, InterruptedException {
        List<String> searched = indices == null ? rule.indices() : indices;
        if (rule.java() != null) {
            return java(rule, from, now, searched, dryRun);
        }
        if (rule.isDeadman()) {
            return deadman(rule, from, now, searched, dryRun);
        }
        return rule.aggregated() ? aggregated(rule, from, now, searched, dryRun) : perEvent(rule, from, now, searched, dryRun);
    }

    private Result perEvent(Rule rule, Instant from, Instant now, List<String> indices, boolean dryRun) throws IOException, InterruptedException {
        ObjectNode body = NODES.objectNode();
        body.set("query", query(rule, from, now, List.of()));
        body.put("size", PAGE).put("seq_no_primary_term", true).put("track_total_hits", true);
        JsonNode answer = elasticsearch.search(indices, body);
        List<ObjectNode> alerts = new ArrayList<>();
        for (JsonNode hit : answer.path("hits").path("hits")) {
            Map<String, List<Map.Entry<String, Long>>> facets = new LinkedHashMap<>();
            rule.facets().forEach((name, facet) -> facets.put(name, valuesOf(hit.path("_source"), facet.field())));
            String summary = summary(rule, Map.of(), hit.path("_source"), facets);
            if (summary != null) {
                alerts.add(raise(alert(rule, rule.alert(), summary, now, List.of(hit)), now, dryRun, reference -> tag(rule, List.of(hit), reference)));
            }
        }
        return new Result(alerts, answer.path("hits").path("total").path("value").asLong());
    }

    private Result aggregated(Rule rule, Instant from, Instant now, List<String> indices, boolean dryRun) throws IOException, InterruptedException {
        Rule.Aggregation aggregation = rule.aggregation();
        ObjectNode body = NODES.objectNode();
        // MozDef adds ExistsMatch(aggregation field) to the query.
        body.set("query", query(rule, from, now, List.of(new Clause.Exists(aggregation.field()))));
        body.put("size", 0).put("track_total_hits", true);
        ObjectNode terms = body.putObject("aggs").putObject("values");
        terms.putObject("terms").put("field", aggregation.field()).put("size", MAX_BUCKETS).put("min_doc_count", aggregation.threshold())
                .putArray("order").add(NODES.objectNode().put("_count", "desc")).add(NODES.objectNode().put("_key", "asc"));
        ObjectNode sub = terms.putObject("aggs");
        sub.putObject("samples").putObject("top_hits").put("size", aggregation.samples());
        rule.facets().forEach((name, facet) -> sub.putObject("facet_" + name).putObject("terms").put("field", facet.field()).put("size", MAX_BUCKETS));
        JsonNode answer = elasticsearch.search(indices, body);
        List<ObjectNode> alerts = new ArrayList<>();
        for (JsonNode bucket : answer.path("aggregations").path("values").path("buckets")) {
            JsonNode key = bucket.has("key_as_string") ? bucket.path("key_as_string") : bucket.path("key");
            List<JsonNode> samples = new ArrayList<>();
            bucket.path("samples").path("hits").path("hits").forEach(samples::add);
            Map<String, List<Map.Entry<String, Long>>> facets = new LinkedHashMap<>();
            rule.facets().forEach((name, facet) -> {
                List<Map.Entry<String, Long>> values = new ArrayList<>();
                bucket.path("facet_" + name).path("buckets").forEach(value -> values.add(Map.entry(
                        JsonFields.text(value.has("key_as_string") ? value.path("key_as_string") : value.path("key")), value.path("doc_count").asLong())));
                facets.put(name, values);
            });
            Map<String, String> values = Map.of("count", bucket.path("doc_count").asText(), "value", JsonFields.text(key));
            String summary = summary(rule, values, samples.isEmpty() ? NODES.objectNode() : samples.get(0).path("_source"), facets);
            if (summary != null) {
                alerts.add(raise(alert(rule, rule.alert(), summary, now, samples), now, dryRun,
                        reference -> tagAll(rule, from, now, indices, aggregation.field(), key, reference)));
            }
        }
        return new Result(alerts, answer.path("hits").path("total").path("value").asLong());
    }

    /** A Java rule's findings, each raised as a rule file's alert is (plugins, stored, its events tagged, published). */
    private Result java(Rule rule, Instant from, Instant now, List<String> indices, boolean dryRun) throws IOException, InterruptedException {
        long[] matched = {0};
        AlertContext context = new AlertContext() {
            @Override
            public Instant now() {
                return now;
            }

            @Override
            public JsonNode search(ObjectNode query, int size) throws IOException, InterruptedException {
                ObjectNode body = NODES.objectNode();
                ObjectNode bounded = query(rule, from, now, List.of());
                ((ArrayNode) bounded.path("bool").path("must")).add(query);
                body.set("query", bounded);
                body.put("size", size).put("seq_no_primary_term", true).put("track_total_hits", true);
                JsonNode answer = elasticsearch.search(indices, body);
                matched[0] += answer.path("hits").path("total").path("value").asLong();
                return answer;
            }

            @Override
            public Optional<String> hostname(String address) {
                return hosts.of(address);
            }

            @Override
            public JsonNode searchState(String index, ObjectNode query, int size) throws IOException, InterruptedException {
                ObjectNode body = NODES.objectNode();
                body.set("query", query);
                body.put("size", size);
                return elasticsearch.search(List.of(stateIndex.apply(index)), body);
            }

            @Override
            public String saveState(String index, String id, ObjectNode document) throws IOException, InterruptedException {
                return dryRun ? (id == null ? "" : id) : elasticsearch.save(stateIndex.apply(index), id, document);
            }
        };
        List<AlertRule.Finding> findings;
        try {
            findings = rule.java().find(context);
        } catch (IOException | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("rule " + rule.name() + " failed: " + e.getMessage(), e);
        }
        List<ObjectNode> alerts = new ArrayList<>();
        for (AlertRule.Finding finding : findings) {
            Rule.AlertTemplate template = new Rule.AlertTemplate(finding.severity() == null ? "NOTICE" : finding.severity(),
                    finding.category() == null ? "" : finding.category(), finding.tags() == null ? List.of() : finding.tags(), null, finding.url(),
                    finding.channel(), null);
            ObjectNode alert = alert(rule, template, finding.summary(), now, finding.events());
            if (finding.details() != null) {
                alert.set("details", finding.details());
            }
            alerts.add(raise(alert, now, dryRun, reference -> tag(rule, finding.events(), reference)));
        }
        return new Result(alerts, matched[0]);
    }

    private Result deadman(Rule rule, Instant from, Instant now, List<String> indices, boolean dryRun) throws IOException, InterruptedException {
        ObjectNode body = NODES.objectNode();
        body.set("query", query(rule, from, now, List.of()));
        body.put("size", 0).put("track_total_hits", true);
        long matched = elasticsearch.search(indices, body).path("hits").path("total").path("value").asLong();
        List<ObjectNode> alerts = new ArrayList<>();
        if (matched < rule.deadman().below()) {
            String summary = summary(rule, Map.of("count", Long.toString(matched)), NODES.objectNode(), Map.of());
            // As MozDef's onNoEvent path: no alert plugins, no events to tag.
            alerts.add(publish(alert(rule, rule.alert(), summary, now, List.of()), now, dryRun, reference -> { }));
        }
        return new Result(alerts, matched);
    }

    /** Tags an alert's events with the reference to the stored alert ({@code {index, id}}). */
    private interface Tagging {
        void run(ObjectNode reference) throws IOException, InterruptedException;
    }

    private ObjectNode raise(ObjectNode alert, Instant now, boolean dryRun, Tagging tagging) throws IOException, InterruptedException {
        return publish(plugins.apply(alert), now, dryRun, tagging);
    }

    /**
     * MozDef's order: the alert is stored, its events tagged, and only then is it published, so whoever receives it
     * (the alert actions, a console) finds its events carrying it.
     */
    private ObjectNode publish(ObjectNode alert, Instant now, boolean dryRun, Tagging tagging) throws IOException, InterruptedException {
        ObjectNode full = NODES.objectNode();
        if (!dryRun) {
            String index = alertIndexName.apply(now);
            String id = elasticsearch.store(index, alert);
            full.put("_id", id).put("_index", index);
        }
        full.set("_source", alert);
        if (!dryRun) {
            tagging.run(NODES.objectNode().put("index", full.path("_index").asText()).put("id", full.path("_id").asText()));
            publisher.accept(full);
        }
        return full;
    }

    /** A rule file's summary with its facets, or {@code null} when a required facet is empty (no alert then). */
    private String summary(Rule rule, Map<String, String> values, JsonNode first, Map<String, List<Map.Entry<String, Long>>> facetValues) {
        Map<String, String> rendered = new LinkedHashMap<>();
        for (Map.Entry<String, Facet> entry : rule.facets().entrySet()) {
            String text = render(entry.getValue(), facetValues.getOrDefault(entry.getKey(), List.of()));
            if (text == null) {
                return null;
            }
            rendered.put(entry.getKey(), text);
            rendered.put(entry.getKey() + ".count", Long.toString(distinct(entry.getValue(), facetValues.getOrDefault(entry.getKey(), List.of()))));
        }
        return rule.alert().summary().render(values, first, rendered::get, hosts);
    }

    /** MozDef's createAlertDict and tagBotNotify. */
    private static ObjectNode alert(Rule rule, Rule.AlertTemplate template, String summary, Instant now, List<JsonNode> events) {
        ObjectNode alert = NODES.objectNode();
        alert.put("utctimestamp", PYTHON_ISO.format(now.truncatedTo(ChronoUnit.MICROS)));
        alert.put("severity", template.severity());
        alert.put("summary", summary);
        alert.put("category", template.category());
        ArrayNode tags = alert.putArray("tags");
        template.tags().forEach(tags::add);
        ArrayNode documents = alert.putArray("events");
        for (JsonNode event : events) {
            ObjectNode document = documents.addObject();
            document.put("documentindex", event.path("_index").asText());
            document.set("documentsource", event.path("_source"));
            document.put("documentid", event.path("_id").asText());
        }
        if (template.channel() == null) {
            alert.putNull("channel");
        } else {
            alert.put("channel", template.channel());
        }
        boolean notify = template.notifyMozdefbot() != null ? template.notifyMozdefbot()
                : template.channel() != null && !template.channel().isEmpty() || !Set.of("NOTICE", "INFO").contains(template.severity());
        alert.put("notify_mozdefbot", notify);
        alert.put("status", DEFAULT_STATUS);
        alert.put("classname", rule.classname());
        if (template.url() != null && !template.url().isEmpty()) {
            alert.put("url", template.url());
        }
        return alert;
    }

    /** A facet's text, or {@code null} when fewer than its minimum of distinct values are left. */
    static String render(Facet facet, List<Map.Entry<String, Long>> values) {
        List<Map.Entry<String, Long>> kept = kept(facet, values);
        if (kept.size() < facet.minimum()) {
            return null;
        }
        if ("key".equals(facet.order())) {
            kept.sort(Map.Entry.comparingByKey());
        }
        List<String> shown = new ArrayList<>();
        for (Map.Entry<String, Long> value : kept.subList(0, Math.min(facet.limit(), kept.size()))) {
            shown.add(facet.format().replace("{key}", value.getKey()).replace("{count}", Long.toString(value.getValue())));
        }
        return String.join(facet.separator(), shown) + (kept.size() > facet.limit() ? facet.more() : "");
    }

    private static long distinct(Facet facet, List<Map.Entry<String, Long>> values) {
        return kept(facet, values).size();
    }

    private static List<Map.Entry<String, Long>> kept(Facet facet, List<Map.Entry<String, Long>> values) {
        List<Map.Entry<String, Long>> kept = new ArrayList<>();
        for (Map.Entry<String, Long> value : values) {
            if (!"ip".equals(facet.only()) || IpAddresses.isIpv4(value.getKey()) || IpAddresses.isIpv6(value.getKey())) {
                kept.add(value);
            }
        }
        return kept;
    }

    /** The values at a path of one event, with their counts (a list counts each member). */
    private static List<Map.Entry<String, Long>> valuesOf(JsonNode source, String field) {
        JsonNode value = JsonFields.at(source, field);
        Map<String, Long> counts = new TreeMap<>();
        if (value != null && !value.isNull()) {
            if (value.isArray()) {
                value.forEach(item -> counts.merge(JsonFields.text(item), 1L, Long::sum));
            } else {
                counts.merge(JsonFields.text(value), 1L, Long::sum);
            }
        }
        return new ArrayList<>(counts.entrySet());
    }

    /** The bool query of the rule over [from, now], with MozDef's must_not {@code alert_names: classname}. */
    static ObjectNode query(Rule rule, Instant from, Instant now, List<Clause> extraMust) {
        ObjectNode query = NODES.objectNode();
        ObjectNode bool = query.putObject("bool");
        ArrayNode must = bool.putArray("must");
        rule.must().forEach(clause -> must.add(clause.toQuery(now)));
        extraMust.forEach(clause -> must.add(clause.toQuery(now)));
        Map<String, JsonNode> bounds = Map.of("gte", NODES.textNode(DateTimeFormatter.ISO_INSTANT.format(from)),
                "lte", NODES.textNode(DateTimeFormatter.ISO_INSTANT.format(now)));
        must.add(new Clause.Any(List.of(new Clause.Range("utctimestamp", bounds), new Clause.Range("receivedtimestamp", bounds))).toQuery(now));
        ArrayNode mustNot = bool.putArray("must_not");
        rule.mustNot().forEach(clause -> mustNot.add(clause.toQuery(now)));
        mustNot.add(new Clause.Match("alert_names", NODES.textNode(rule.classname())).toQuery(now));
        return query;
    }

    /** Tags every matching event of an aggregation value, a page at a time: each tagged page drops out of the query. */
    private void tagAll(Rule rule, Instant from, Instant now, List<String> indices, String field, JsonNode key, ObjectNode reference)
            throws IOException, InterruptedException {
        for (int page = 0; page < MAX_BUCKETS; page++) {
            ObjectNode body = NODES.objectNode();
            ObjectNode term = NODES.objectNode();
            term.putObject("term").set(field, key);
            body.set("query", query(rule, from, now, List.of(new Clause.Exists(field))));
            ((ArrayNode) body.path("query").path("bool").path("must")).add(term);
            body.put("size", PAGE).put("seq_no_primary_term", true);
            body.putArray("_source").add("alert_names").add("alerts");
            List<JsonNode> hits = new ArrayList<>();
            elasticsearch.search(indices, body).path("hits").path("hits").forEach(hits::add);
            if (hits.isEmpty()) {
                return;
            }
            tag(rule, hits, reference);
        }
    }

    /** MozDef's tagEventsAlert, as partial updates guarded by sequence numbers (a concurrent tag is read again, not lost). */
    private void tag(Rule rule, List<JsonNode> hits, ObjectNode reference) throws IOException, InterruptedException {
        List<JsonNode> pending = hits;
        for (int attempt = 0; !pending.isEmpty(); attempt++) {
            if (attempt == CONFLICT_RETRIES) {
                throw new IOException(pending.size() + " events of alert " + reference.path("id").asText() + " kept changing while being tagged");
            }
            StringBuilder ndjson = new StringBuilder();
            for (JsonNode hit : pending) {
                ObjectNode action = NODES.objectNode();
                ObjectNode update = action.putObject("update").put("_index", hit.path("_index").asText()).put("_id", hit.path("_id").asText());
                if (hit.has("_seq_no")) {
                    update.put("if_seq_no", hit.path("_seq_no").asLong()).put("if_primary_term", hit.path("_primary_term").asLong());
                }
                ObjectNode doc = NODES.objectNode();
                ArrayNode alerts = doc.putArray("alerts");
                hit.path("_source").path("alerts").forEach(alerts::add);
                alerts.add(reference);
                ArrayNode names = doc.putArray("alert_names");
                hit.path("_source").path("alert_names").forEach(names::add);
                names.add(rule.classname());
                ObjectNode partial = NODES.objectNode();
                partial.set("doc", doc);
                ndjson.append(action).append('\n').append(partial).append('\n');
            }
            List<String> conflicted = elasticsearch.bulk(ndjson.toString()).stream().map(item -> item.path("_id").asText()).toList();
            List<JsonNode> again = new ArrayList<>();
            for (JsonNode hit : pending) {
                if (conflicted.contains(hit.path("_id").asText())) {
                    again.add(hit);
                }
            }
            pending = again.isEmpty() ? List.of() : reread(again);
        }
    }

    private List<JsonNode> reread(List<JsonNode> hits) throws IOException, InterruptedException {
        Map<String, List<String>> byIndex = new LinkedHashMap<>();
        hits.forEach(hit -> byIndex.computeIfAbsent(hit.path("_index").asText(), index -> new ArrayList<>()).add(hit.path("_id").asText()));
        List<JsonNode> fresh = new ArrayList<>();
        for (Map.Entry<String, List<String>> entry : byIndex.entrySet()) {
            ObjectNode body = NODES.objectNode();
            ArrayNode ids = body.putObject("query").putObject("ids").putArray("values");
            entry.getValue().forEach(ids::add);
            body.put("size", entry.getValue().size()).put("seq_no_primary_term", true);
            body.putArray("_source").add("alert_names").add("alerts");
            elasticsearch.search(List.of(entry.getKey()), body).path("hits").path("hits").forEach(fresh::add);
        }
        return fresh;
    }
}

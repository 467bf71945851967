package io.vigil.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The benchmark's results: medians per row, ratios to the baseline of the same round, the targets beside them, as
 * {@code latest.json} (a stable shape other tools read) and {@code latest.md} (a table for people).
 */
final class Report {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** A row's target: at least {@code ratio} of the row {@code of}. */
    private record Target(String of, double ratio) {
    }

    private static final Map<String, Target> TARGETS = Map.of(
            "http", new Target("baseline", 0.8),
            "http-events", new Target("baseline", 0.8),
            "amqp", new Target("amqp-baseline", 0.8),
            "sqs", new Target("sqs-baseline", 0.8),
            SigmaRows.ROW, new Target("http-events", 0.9));
    private static final double P99_TARGET_MS = 2000;
    private static final double ALERT_P99_TARGET_MS = 1000;

    private final boolean quick;
    private final Workload workload;
    private final int rounds;
    private final int warmupEvents;
    private final Map<String, Object> settings = new LinkedHashMap<>();
    private final Map<String, Object> versions = new LinkedHashMap<>();
    private final Map<String, List<IngestBench.Measurement>> measurements = new LinkedHashMap<>();
    private final ObjectNode json = JSON.createObjectNode();
    private double latencyRate;
    private Latency.Result latency;
    private Latency.Result latencyBaseline;
    private HotDeploy.Result hotDeploy;
    private double alertRate;
    private Latency.Result eventToAlert;
    private List<SigmaRows.Round> sigma = List.of();

    Report(boolean quick, Workload workload, int rounds, int warmupEvents) {
        this.quick = quick;
        this.workload = workload;
        this.rounds = rounds;
        this.warmupEvents = warmupEvents;
    }

    Report setting(String name, Object value) {
        settings.put(name, value);
        return this;
    }

    Report version(String name, String value) {
        versions.put(name, value);
        return this;
    }

    void add(IngestBench.Measurement measurement) {
        measurements.computeIfAbsent(measurement.row(), row -> new ArrayList<>()).add(measurement);
    }

    void latency(double rate, Latency.Result vigil, Latency.Result baseline) {
        this.latencyRate = rate;
        this.latency = vigil;
        this.latencyBaseline = baseline;
    }

    void eventToAlert(double rate, Latency.Result result) {
        this.alertRate = rate;
        this.eventToAlert = result;
    }

    void sigma(List<SigmaRows.Round> rounds) {
        this.sigma = rounds;
    }

    void hotDeploy(HotDeploy.Result result) {
        this.hotDeploy = result;
    }

    /** The median events/s of a row over its rounds, NaN when it has none that completed. */
    double median(String row) {
        return median(row, IngestBench.Measurement::eventsPerSecond);
    }

    private double median(String row, ToDoubleFunction<IngestBench.Measurement> value) {
        List<Double> values = new ArrayList<>();
        for (IngestBench.Measurement m : measurements.getOrDefault(row, List.of())) {
            double v = value.applyAsDouble(m);
            if (m.failure() == null && !Double.isNaN(v)) {
                values.add(v);
            }
        }
        if (values.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(values);
        int middle = values.size() / 2;
        return values.size() % 2 == 1 ? values.get(middle) : (values.get(middle - 1) + values.get(middle)) / 2;
    }

    /** The median over rounds of this row's rate divided by {@code other}'s rate in the same round. */
    private double ratio(String row, String other) {
        Map<Integer, Double> others = new LinkedHashMap<>();
        for (IngestBench.Measurement m : measurements.getOrDefault(other, List.of())) {
            others.put(m.round(), m.eventsPerSecond());
        }
        return median(row, m -> m.eventsPerSecond() / others.getOrDefault(m.round(), Double.NaN));
    }

    boolean failed() {
        boolean rowFailed = measurements.values().stream().flatMap(List::stream).anyMatch(m -> m.failure() != null);
        return rowFailed || hotDeploy != null && (hotDeploy.lost() > 0 || hotDeploy.duplicated() > 0);
    }

    void write(Path folder) throws IOException {
        build();
        Files.createDirectories(folder);
        JSON.writeValue(folder.resolve("latest.json").toFile(), json);
        Files.writeString(folder.resolve("latest.md"), markdown());
    }

    private void build() throws IOException {
        json.removeAll();
        json.put("time", Instant.now().toString()).put("quick", quick);
        json.set("machine", JSON.valueToTree(machine()));
        json.set("versions", JSON.valueToTree(versions));
        json.set("settings", JSON.valueToTree(settings));
        json.put("events", workload.size()).put("event_bytes_avg", Math.round(workload.averageBytes())).put("rounds", rounds)
                .put("warmup_events", warmupEvents);
        ArrayNode rows = json.putArray("rows");
        for (Map.Entry<String, List<IngestBench.Measurement>> entry : measurements.entrySet()) {
            String name = entry.getKey();
            ObjectNode row = rows.addObject().put("name", name);
            number(row, "events_per_s", median(name), 0);
            number(row, "ratio", ratio(name, "baseline"), 3);
            String own = name.endsWith("-baseline") || name.equals("baseline") ? null : TARGETS.containsKey(name) ? TARGETS.get(name).of() : null;
            if (own != null && !own.equals("baseline")) {
                number(row, "ratio_to_own_baseline", ratio(name, own), 3);
            }
            if (entry.getValue().get(0).vigilCpuSeconds() != null) {
                number(row, "cpu_s_per_10k", median(name, m -> m.vigilCpuSeconds() * 10_000 / m.events()), 3);
                row.put("rss_mb", entry.getValue().stream().mapToLong(m -> m.vigilRssMb() == null ? 0 : m.vigilRssMb()).max().orElse(0));
            }
            if (entry.getValue().get(0).esCpuSeconds() != null) {
                number(row, "es_cpu_s_per_10k", median(name, m -> m.esCpuSeconds() * 10_000 / m.events()), 3);
            }
            Target target = TARGETS.get(name);
            if (target != null) {
                row.put("target", String.format(Locale.ROOT, ">= %.1f x %s", target.ratio(), target.of()));
                row.put("meets_target", ratio(name, target.of()) >= target.ratio());
            }
            ArrayNode runs = row.putArray("runs");
            for (IngestBench.Measurement m : entry.getValue()) {
                ObjectNode run = runs.addObject().put("round", m.round()).put("seconds", round(m.seconds(), 2));
                number(run, "events_per_s", m.eventsPerSecond(), 0);
                if (m.failure() != null) {
                    run.put("failure", m.failure());
                }
            }
        }
        if (latency != null) {
            ObjectNode node = latency(json.putObject("latency_ms"), latency);
            node.put("rate_events_per_s", Math.round(latencyRate)).put("poll_ms", Latency.POLL_MILLIS).put("target_p99", P99_TARGET_MS)
                    .put("meets_target", latency.percentile(99) <= P99_TARGET_MS);
            latency(json.putObject("latency_baseline_ms"), latencyBaseline);
        }
        if (eventToAlert != null) {
            latency(json.putObject("event_to_alert_ms"), eventToAlert).put("rate_events_per_s", Math.round(alertRate)).put("probe_every", SigmaRows.PROBE_EVERY)
                    .put("target_p99", ALERT_P99_TARGET_MS)
                    .put("meets_target", eventToAlert.unseen() == 0 && eventToAlert.percentile(99) <= ALERT_P99_TARGET_MS);
        }
        if (!sigma.isEmpty()) {
            json.set("sigma_rounds", JSON.valueToTree(sigma));
        }
        if (hotDeploy != null) {
            json.putObject("hot_deploy").put("sent", hotDeploy.sending().sent()).put("accepted", hotDeploy.sending().accepted())
                    .put("refused", hotDeploy.sending().refused()).put("indexed", hotDeploy.indexed()).put("lost", hotDeploy.lost())
                    .put("duplicated", hotDeploy.duplicated()).put("deployments", hotDeploy.deployed()).put("removals", hotDeploy.undeployed())
                    .put("tagged_by_plugin", hotDeploy.tagged())
                    .put("drain_s", round(hotDeploy.sending().drainSeconds(), 2)).put("meets_target", hotDeploy.lost() == 0 && hotDeploy.duplicated() == 0);
        }
    }

    private static ObjectNode latency(ObjectNode node, Latency.Result result) {
        number(node, "p50", result.percentile(50), 0);
        number(node, "p99", result.percentile(99), 0);
        number(node, "max", result.millis().isEmpty() ? Double.NaN : result.millis().get(result.millis().size() - 1), 0);
        return node.put("probes", result.millis().size()).put("unseen", result.unseen()).put("drain_s", round(result.sending().drainSeconds(), 2));
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "# Vigil ingest benchmark%s (%s)%n%n", quick ? " — quick pass, not for reporting" : "", json.path("time").asText()));
        md.append(String.format(Locale.ROOT, "%,d events (%.0f bytes on average), median of %d round(s)%s; machine: %s%n%n", workload.size(),
                workload.averageBytes(), rounds, warmupEvents > 0 ? String.format(Locale.ROOT, " after a %,d-event warm-up", warmupEvents) : "",
                json.path("machine").toString()));
        md.append("| Row | events/s | × baseline | × own baseline | Vigil CPU s/10k | Vigil peak RSS MB | ES CPU s/10k | target | met |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---|---|\n");
        for (var row : json.path("rows")) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", row.path("name").asText(),
                    cell(row, "events_per_s"), cell(row, "ratio"), cell(row, "ratio_to_own_baseline"), cell(row, "cpu_s_per_10k"),
                    cell(row, "rss_mb"), cell(row, "es_cpu_s_per_10k"), row.path("target").asText(""),
                    row.has("meets_target") ? (row.path("meets_target").asBoolean() ? "yes" : "**no**") : ""));
        }
        if (json.has("latency_ms")) {
            var l = json.path("latency_ms");
            var b = json.path("latency_baseline_ms");
            md.append(String.format(Locale.ROOT, "%nLatency, posted → searchable, at %s events/s: p50 %s ms, p99 %s ms, max %s ms over %s probes"
                    + " (%s never seen); target p99 ≤ 2000 ms: %s. The same events posted straight to Elasticsearch's _bulk: p50 %s ms,"
                    + " p99 %s ms, max %s ms.%n", l.path("rate_events_per_s").asText(), cell(l, "p50"), cell(l, "p99"), cell(l, "max"),
                    l.path("probes").asText(), l.path("unseen").asText(), l.path("meets_target").asBoolean() ? "met" : "**missed**",
                    cell(b, "p50"), cell(b, "p99"), cell(b, "max")));
        }
        if (json.has("event_to_alert_ms")) {
            var a = json.path("event_to_alert_ms");
            md.append(String.format(Locale.ROOT, "%nEvent → alert (Sigma, every rule of the folder running), at %s events/s with one probe in %s: p50 %s ms,"
                    + " p99 %s ms, max %s ms over %s probes (%s never alerted); target p99 ≤ 1000 ms: %s.%n", a.path("rate_events_per_s").asText(),
                    a.path("probe_every").asText(), cell(a, "p50"), cell(a, "p99"), cell(a, "max"), a.path("probes").asText(), a.path("unseen").asText(),
                    a.path("meets_target").asBoolean() ? "met" : "**missed**"));
        }
        for (var round : json.path("sigma_rounds")) {
            md.append(String.format(Locale.ROOT, "%n%s, a round: %s rules running; %s events checked (%s read back after finding the queue full, %s"
                    + " unchecked at first), %s matches, %s alerts, %s throttled; every event checked %s s after the last was searchable.",
                    SigmaRows.ROW, round.path("rules").asText(), round.path("checked").asText(), round.path("caughtUp").asText(),
                    round.path("unchecked").asText(), round.path("matches").asText(), round.path("alerts").asText(), round.path("throttled").asText(),
                    cell(round, "secondsToChecked")));
        }
        if (json.has("hot_deploy")) {
            var h = json.path("hot_deploy");
            md.append(String.format(Locale.ROOT, "%nHot deploy under load: %s sent, %s accepted, %s refused, %s indexed; lost %s, duplicated %s"
                    + " (target 0); %s deployments and %s removals, %s events tagged by the plugin%n", h.path("sent").asText(),
                    h.path("accepted").asText(), h.path("refused").asText(), h.path("indexed").asText(), h.path("lost").asText(),
                    h.path("duplicated").asText(), h.path("deployments").asText(), h.path("removals").asText(), h.path("tagged_by_plugin").asText()));
        }
        md.append(String.format(Locale.ROOT, "%nVersions: %s%nSettings: %s%n", json.path("versions"), json.path("settings")));
        return md.toString();
    }

    private static String cell(com.fasterxml.jackson.databind.JsonNode node, String field) {
        if (!node.has(field) || node.path(field).isNull()) {
            return "";
        }
        double value = node.path(field).asDouble();
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.3g", value);
    }

    private static void number(ObjectNode node, String field, double value, int decimals) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            node.putNull(field);
        } else {
            node.put(field, round(value, decimals));
        }
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    private static Map<String, Object> machine() throws IOException {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("host", InetAddress.getLocalHost().getHostName());
        machine.put("cpus", Runtime.getRuntime().availableProcessors());
        machine.put("cpu", firstValue(Path.of("/proc/cpuinfo"), "model name"));
        String memory = firstValue(Path.of("/proc/meminfo"), "MemTotal");
        machine.put("memory_mb", memory == null ? null : Long.parseLong(memory.replaceAll("[^0-9]", "")) / 1024);
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("load_average_at_end", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        return machine;
    }

    private static String firstValue(Path file, String key) throws IOException {
        if (!Files.isReadable(file)) {
            return null;
        }
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith(key)) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return null;
    }
}

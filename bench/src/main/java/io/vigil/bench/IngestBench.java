package io.vigil.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./vigil bench}: Vigil's ingest against the ceilings measured in the same run on the same Elasticsearch: raw
 * {@code _bulk}, a bare RabbitMQ consumer, a bare SQS consumer. Rounds interleave the rows (a warm-up round first,
 * discarded); each row reports the median of its rounds and its ratio to the baseline of the same round. Then the
 * latency from post to searchable at half the measured HTTP rate, and events lost or duplicated while a plugin is
 * deployed and undeployed under load. With {@code --rest} (Vigil running SigmaHQ's rules), Sigma detection's cost and
 * its event → alert latency ({@link SigmaRows}). Results: {@code latest.json} and {@code latest.md} in the output folder.
 */
public final class IngestBench {

    /** One timed pass of one row. */
    record Measurement(String row, int round, int events, double seconds, Double vigilCpuSeconds, Long vigilRssMb, Double esCpuSeconds,
            String failure) {

        double eventsPerSecond() {
            return failure == null ? events / seconds : Double.NaN;
        }
    }

    private final Map<String, String> options;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

    private IngestBench(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i] + " (options are --name value)");
            }
            String name = args[i].substring(2);
            options.put(name, name.equals("quick") ? "true" : args[++i]);
        }
        System.exit(new IngestBench(options).run());
    }

    private String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    private String required(String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    /** Vigil's admin password: VIGIL_ADMIN_PASSWORD, else the file Vigil generated it into (never on the command line). */
    private String adminPassword() throws IOException {
        String set = System.getenv("VIGIL_ADMIN_PASSWORD");
        return set != null && !set.isEmpty() ? set : Files.readString(Path.of(required("admin-password-file"))).strip();
    }

    private int run() throws Exception {
        boolean quick = Boolean.parseBoolean(option("quick", "false"));
        int events = Integer.parseInt(option("events", quick ? "20000" : "200000"));
        int rounds = Integer.parseInt(option("runs", quick ? "1" : "3"));
        int warmupEvents = Integer.parseInt(option("warmup-events", quick ? "0" : Integer.toString(events)));
        int batch = Integer.parseInt(option("batch", "5000"));
        int clients = Integer.parseInt(option("clients", "2"));
        Duration latencyTime = Duration.ofSeconds(Long.parseLong(option("latency-seconds", quick ? "10" : "30")));
        Duration hotDeployTime = Duration.ofSeconds(Long.parseLong(option("hot-deploy-seconds", quick ? "15" : "40")));
        Duration hotDeployPeriod = Duration.ofSeconds(Long.parseLong(option("hot-deploy-period-seconds", quick ? "2" : "3")));
        List<String> only = options.containsKey("rows") ? List.of(options.get("rows").split(",")) : null;

        Elasticsearch es = new Elasticsearch(URI.create(required("es")), http);
        URI vigil = URI.create(required("vigil"));
        long vigilPid = Long.parseLong(option("vigil-pid", "0"));
        long esPid = Long.parseLong(option("es-pid", "0"));
        int amqpPrefetch = Integer.parseInt(option("amqp-prefetch", "500"));
        int amqpConsumers = Integer.parseInt(option("amqp-consumers", "2"));
        int sqsConsumers = Integer.parseInt(option("sqs-consumers", "8"));

        say("Generating %,d events (seed 42)%s...", events, warmupEvents > 0 ? String.format(" and %,d for the warm-up", warmupEvents) : "");
        Workload workload = Workload.generate(42, events, 0);
        Workload warmup = warmupEvents > 0 ? Workload.generate(7, warmupEvents, 0) : null;
        say("  %,d events, %.0f bytes on average", workload.size(), workload.averageBytes());

        Report report = new Report(quick, workload, rounds, warmup == null ? 0 : warmup.size());
        report.setting("batch", batch).setting("clients", clients).setting("refresh_interval", es.refreshInterval())
                .setting("amqp_prefetch", amqpPrefetch).setting("amqp_consumers", amqpConsumers).setting("sqs_consumers", sqsConsumers)
                .setting("sqs_messages_per_receive", 10);
        report.version("vigil", option("vigil-version", "?")).version("elasticsearch", es.version())
                .version("java_vigil", option("vigil-java", "?")).version("java_bench", System.getProperty("java.version"))
                .version("elasticmq", option("elasticmq-version", "?"));

        HttpRows httpRows = new HttpRows(http, es, vigil, batch, clients);
        List<Row> rows = new ArrayList<>(List.of(httpRows.baseline(), httpRows.bulk(), httpRows.events()));
        SigmaRows sigma = options.containsKey("rest") ? new SigmaRows(http, URI.create(options.get("rest")), adminPassword()) : null;
        if (sigma != null) {
            sigma.rules(false);
            say("Sigma: the rules are switched off for the rows without detection");
            rows.add(sigma.ingest(httpRows.events()));
        }
        try (AmqpRows amqp = new AmqpRows(URI.create(required("amqp")), es, amqpPrefetch, amqpConsumers);
                SqsRows sqs = new SqsRows(URI.create(required("sqs")), option("sqs-queue", "taskexchange"), es, sqsConsumers)) {
            report.version("rabbitmq", amqp.brokerVersion());
            rows.addAll(List.of(amqp.baseline(), amqp.vigil(), sqs.baseline(), sqs.vigil()));
            if (only != null) {
                rows.removeIf(row -> !only.contains(row.name()));
            }
            for (int round = warmup == null ? 1 : 0; round <= rounds; round++) {
                Workload load = round == 0 ? warmup : workload;
                say(round == 0 ? "Warm-up round (discarded):" : "Round %d of %d:", round, rounds);
                // Each round starts one row later, so that no row always follows the same one (the baseline's merges,
                // a queue's backlog) or always runs first.
                for (int i = 0; i < rows.size(); i++) {
                    Row row = rows.get((i + Math.max(0, round - 1)) % rows.size());
                    Measurement measured = measure(es, row, round, load, vigilPid, esPid);
                    say("  %s", describe(measured));
                    if (round > 0) {
                        report.add(measured);
                    }
                }
            }
        }

        double maxRate = report.median("http-events");
        if (Double.isNaN(maxRate)) {
            maxRate = report.median("http");
        }
        if (!Double.isNaN(maxRate) && (only == null || only.contains("latency"))) {
            double rate = maxRate / 2;
            int first = 10_000_000;
            Workload paced = Workload.generate(11, (int) Math.ceil(rate * latencyTime.toSeconds()) + 1, first);
            say("Latency: %.0f events/s (half the HTTP rate) for %d s, straight to Elasticsearch, then through Vigil...", rate,
                    latencyTime.toSeconds());
            fresh(es);
            es.createLikeEvents(HttpRows.BASELINE_INDEX);
            Latency.Result baseline = new Latency(es, PacedSender.toElasticsearch(http, es.url(), HttpRows.BASELINE_INDEX), HttpRows.BASELINE_INDEX)
                    .run(paced, first, rate, latencyTime);
            say("  baseline: %s", describe(baseline));
            fresh(es);
            Latency.Result latency = new Latency(es, PacedSender.toVigil(http, vigil), Elasticsearch.EVENTS).run(paced, first, rate, latencyTime);
            say("  Vigil:    %s", describe(latency));
            report.latency(rate, latency, baseline);
        }
        if (sigma != null && !Double.isNaN(maxRate) && (only == null || only.contains("event-alert"))) {
            double rate = maxRate / 2;
            int first = 30_000_000;
            Workload probed = Workload.generate(17, (int) Math.ceil(rate * latencyTime.toSeconds()) + 1, first)
                    .withProbes(first, SigmaRows.PROBE_EVERY, SigmaRows::probe);
            say("Event → alert: %.0f events/s for %d s through Vigil with %d Sigma rules running, one event in %d a probe a SigmaHQ rule matches...",
                    rate, latencyTime.toSeconds(), sigma.rules(true), SigmaRows.PROBE_EVERY);
            fresh(es);
            try {
                Latency.Result alerts = new Latency(PacedSender.toVigil(http, vigil), es::alerted, seq -> seq % SigmaRows.PROBE_EVERY == 0)
                        .run(probed, first, rate, latencyTime);
                say("  %s", describe(alerts));
                report.eventToAlert(rate, alerts);
            } finally {
                sigma.rules(false);
            }
        }
        if (sigma != null) {
            report.sigma(sigma.rounds());
        }
        if (!Double.isNaN(maxRate) && (only == null || only.contains("hot-deploy"))) {
            double rate = maxRate / 2;
            say("Hot deploy: %.0f events/s for %d s, the example plugin in and out of deploy/ every %d s...", rate,
                    hotDeployTime.toSeconds(), hotDeployPeriod.toSeconds());
            int first = 20_000_000;
            Workload paced = Workload.generate(13, (int) Math.ceil(rate * hotDeployTime.toSeconds()) + 1, first);
            fresh(es);
            HotDeploy.Result result = new HotDeploy(es, PacedSender.toVigil(http, vigil), Path.of(required("plugin")), Path.of(required("deploy")))
                    .run(paced, first, rate, hotDeployTime, hotDeployPeriod);
            report.hotDeploy(result);
            say("  sent %d, accepted %d, indexed %d: lost %d, duplicated %d; %d deployments, %d removals, %d events tagged by the plugin;"
                    + " the last answers came %.1f s after the last request", result.sending().sent(), result.sending().accepted(),
                    result.indexed(), result.lost(), result.duplicated(), result.deployed(), result.undeployed(), result.tagged(),
                    result.sending().drainSeconds());
        }

        Path out = Path.of(option("out", "bench/results"));
        report.write(out);
        say("%n%s", report.markdown());
        say("Results: %s and %s", out.resolve("latest.json"), out.resolve("latest.md"));
        return report.failed() ? 1 : 0;
    }

    private Measurement measure(Elasticsearch es, Row row, int round, Workload load, long vigilPid, long esPid) {
        try {
            fresh(es);
            row.prepare();
        } catch (Exception e) {
            return new Measurement(row.name(), round, load.size(), 0, null, null, null, "preparing: " + e);
        }
        ProcessWatch vigil = row.vigil() ? ProcessWatch.start(vigilPid) : null;
        ProcessWatch elasticsearch = ProcessWatch.start(esPid);
        long start = System.nanoTime();
        String failure = null;
        try {
            row.run(load);
        } catch (Exception e) {
            failure = e.getCause() != null && e instanceof java.util.concurrent.ExecutionException ? e.getCause().toString() : e.toString();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        try {
            row.finish();
        } catch (Exception e) {
            failure = failure != null ? failure : "finishing: " + e;
        }
        Measurement measured = new Measurement(row.name(), round, load.size(), seconds,
                vigil == null ? null : vigil.cpuSeconds(), vigil == null ? null : vigil.peakRssMb(),
                elasticsearch == null ? null : elasticsearch.cpuSeconds(), failure);
        if (vigil != null) {
            vigil.close();
        }
        if (elasticsearch != null) {
            elasticsearch.close();
        }
        return measured;
    }

    /** Deletes what the rows write, so that no row pays for the merges of the documents a row before it left behind. */
    private static void fresh(Elasticsearch es) throws IOException {
        es.delete(HttpRows.BASELINE_INDEX);
        es.delete(Elasticsearch.EVENTS);
    }

    private static String describe(Latency.Result latency) {
        return String.format(Locale.ROOT, "p50 %.0f ms, p99 %.0f ms over %d probes (%d never seen); the last answers came %.1f s after the last request",
                latency.percentile(50), latency.percentile(99), latency.millis().size(), latency.unseen(), latency.sending().drainSeconds());
    }

    private static String describe(Measurement m) {
        if (m.failure() != null) {
            return String.format(Locale.ROOT, "%-14s FAILED: %s", m.row(), m.failure());
        }
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-14s %,9.0f events/s  (%,d in %.1f s)", m.row(),
                m.eventsPerSecond(), m.events(), m.seconds()));
        if (m.vigilCpuSeconds() != null) {
            line.append(String.format(Locale.ROOT, "  Vigil %.2f CPU s/10k, %d MB", m.vigilCpuSeconds() * 10_000 / m.events(), m.vigilRssMb()));
        }
        if (m.esCpuSeconds() != null) {
            line.append(String.format(Locale.ROOT, "  Elasticsearch %.2f CPU s/10k", m.esCpuSeconds() * 10_000 / m.events()));
        }
        return line.toString();
    }

    static void say(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
        System.out.flush();
    }
}

package io.vigil.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.alert.AlertPlugin;
import io.vigil.api.alert.AlertRule;
import io.vigil.elasticsearch.Elasticsearch;
import io.vigil.elasticsearch.layout.IndexNames;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.util.tracker.BundleTracker;
import org.osgi.util.tracker.BundleTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the rules on their schedules. Rules come from the files of the rules folder, from {@link AlertRule} services
 * (Java rules) and from bundles that carry
 * {@code META-INF/vigil/rules/*.yml} (an extender: a rule bundle started adds its rules, stopped removes them); a file
 * added, changed or deleted changes only its own rules, and one that fails to read is logged with file, line and reason
 * and leaves the other rules running. A rule never runs twice at once; a run longer than the schedule is reported; the
 * last covered time of each rule is kept in Elasticsearch, so after a stop or an outage the rule searches the windows
 * it missed (up to {@code catchUpHours}) before the current one. With several containers on one Elasticsearch, a lease
 * ({@link RuleLeases}) lets one run each rule. Alerts go to {@code alerts-YYYYMM}, through the
 * {@link AlertPlugin} services first, and to the Camel endpoint {@code direct:vigil-alerts} ({@code routes/alerts-output.xml}
 * publishes them to AMQP).
 */
@Component(name = "io.vigil.alerts", immediate = true, service = {Rules.class, Alerts.class}, configurationPid = "io.vigil.alerts",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public class AlertEngine implements Rules, Alerts {

    /** Where stored alerts are sent; without a consumer (AMQP off) the send fails at once instead of waiting for one. */
    static final String OUTPUT = "direct:vigil-alerts?block=false";

    private static final Logger LOG = LoggerFactory.getLogger(AlertEngine.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** How long stopping waits for a rule that is running (its Elasticsearch requests time out within this). */
    private static final int STOP_SECONDS = 30;

    /** One rule's runtime state. */
    private final class Scheduled {
        final Rule rule;
        final AtomicBoolean running = new AtomicBoolean();
        final AtomicLong runs = new AtomicLong();
        final AtomicLong alerts = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        volatile Instant lastCovered;
        volatile boolean stateRead;
        volatile Instant lastRun;
        volatile String lastError;
        volatile long lastRunMillis;
        volatile long startedNanos;
        volatile boolean leaseHeld;
        ScheduledFuture<?> future;

        Scheduled(Rule rule) {
            this.rule = rule;
        }
    }

    private final AlertsConfig config;
    private final Clock clock = Clock.systemUTC();
    private final AlertIndex elasticsearch;
    private final RuleRunner runner;
    private final RuleLeases leases;
    private final ActionHandOff handOff;
    private final ScheduledExecutorService scheduler;
    private final Path directory;
    private final List<AlertPlugin> plugins = new CopyOnWriteArrayList<>();
    private final Map<String, Scheduled> rules = new ConcurrentHashMap<>();
    /** The rules of each source (a file's path, or a bundle's name and version). */
    private final Map<String, List<Rule>> sources = new HashMap<>();
    private final Map<Path, Long> checksums = new HashMap<>();
    private final Map<String, Refused> refused = new ConcurrentHashMap<>();
    private final BundleTracker<String> bundles;
    private volatile ProducerTemplate output;
    private final AtomicBoolean outputMissingLogged = new AtomicBoolean();

    @Activate
    public AlertEngine(AlertsConfig config, BundleContext context, @Reference Elasticsearch elasticsearch) {
        this.config = config;
        this.elasticsearch = new AlertIndex(elasticsearch);
        this.runner = new RuleRunner(this.elasticsearch, this::enrich, this::publish);
        this.leases = new RuleLeases(this.elasticsearch, config.leaseIndex(), owner(), clock);
        this.handOff = new ActionHandOff(this.elasticsearch, Duration.ofSeconds(Math.max(1, config.actionsResendSeconds())), clock);
        String base = context.getProperty("karaf.base");
        Path folder = Path.of(config.rulesDirectory());
        this.directory = folder.isAbsolute() || base == null ? folder : Path.of(base).resolve(folder);
        this.scheduler = Executors.newScheduledThreadPool(Math.max(1, config.threads()), runnable -> {
            Thread thread = new Thread(runnable, "vigil-alerts");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::scanFolder, 0, Math.max(1, config.scanSeconds()), TimeUnit.SECONDS);
        long sweep = Math.max(1, Math.min(60, config.actionsResendSeconds() / 2));
        scheduler.scheduleWithFixedDelay(this::resendOverdue, sweep, sweep, TimeUnit.SECONDS);
        this.bundles = new BundleTracker<>(context, Bundle.ACTIVE, new BundleTrackerCustomizer<>() {
            @Override
            public String addingBundle(Bundle bundle, BundleEvent event) {
                return loadBundle(bundle);
            }

            @Override
            public void modifiedBundle(Bundle bundle, BundleEvent event, String source) {
            }

            @Override
            public void removedBundle(Bundle bundle, BundleEvent event, String source) {
                if (source != null) {
                    replace(source, List.of());
                }
            }
        });
        bundles.open();
        LOG.info("Alert engine {}: rule files from {}, rule bundles, Elasticsearch {}", config.enabled() ? "running" : "idle (enabled=false)",
                directory, elasticsearch.describe());
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        bundles.close();
        scheduler.shutdownNow();
        scheduler.awaitTermination(STOP_SECONDS, TimeUnit.SECONDS);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addPlugin(AlertPlugin plugin) {
        plugins.add(plugin);
    }

    void removePlugin(AlertPlugin plugin) {
        plugins.remove(plugin);
    }

    /** Java rules: scheduled like rule files, by their name; a rule file of the same name replaces one. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addRule(AlertRule rule, ServiceReference<AlertRule> reference) {
        Bundle bundle = reference.getBundle();
        String origin = (bundle == null ? "?" : bundle.getSymbolicName()) + "!" + rule.getClass().getName();
        replace(javaSource(rule), List.of(Rule.of(rule, origin)));
        LOG.info("Java rule {} ({})", rule.name(), origin);
    }

    void removeRule(AlertRule rule) {
        replace(javaSource(rule), List.of());
    }

    private static String javaSource(AlertRule rule) {
        return "java:" + rule.name() + "@" + System.identityHashCode(rule);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            target = "(camel.context.name=vigil)")
    void setCamel(CamelContext camel) {
        output = camel.createProducerTemplate();
    }

    void unsetCamel(CamelContext camel) {
        output = null;
    }

    // ---- rules from files and bundles

    private void scanFolder() {
        try {
            Map<Path, Long> present = new LinkedHashMap<>();
            if (Files.isDirectory(directory)) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.yml")) {
                    for (Path file : files) {
                        CRC32 crc = new CRC32();
                        crc.update(Files.readAllBytes(file));
                        present.put(file, crc.getValue());
                    }
                }
            }
            synchronized (this) {
                for (Path gone : new ArrayList<>(checksums.keySet())) {
                    if (!present.containsKey(gone)) {
                        checksums.remove(gone);
                        refused.remove(gone.toString());
                        replace(gone.toString(), List.of());
                        LOG.info("Rule file {} removed: its rules stopped", gone);
                    }
                }
                for (Map.Entry<Path, Long> file : present.entrySet()) {
                    if (!file.getValue().equals(checksums.get(file.getKey()))) {
                        checksums.put(file.getKey(), file.getValue());
                        load(file.getKey().toString(), Files.readString(file.getKey(), StandardCharsets.UTF_8));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("Cannot read the rules folder {}: {}", directory, e.getMessage());
        }
    }

    private String loadBundle(Bundle bundle) {
        Enumeration<URL> entries = bundle.findEntries("META-INF/vigil/rules", "*.yml", false);
        if (entries == null) {
            return null;
        }
        String source = bundle.getSymbolicName() + " " + bundle.getVersion();
        List<Rule> loaded = new ArrayList<>();
        for (URL entry : Collections.list(entries)) {
            String origin = bundle.getSymbolicName() + "!" + entry.getPath();
            try (var in = entry.openStream()) {
                loaded.addAll(RuleFiles.parse(origin, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                refused.remove(origin);
            } catch (RuleFiles.RuleFileException e) {
                refuse(origin, e.getMessage());
            } catch (IOException e) {
                refuse(origin, "unreadable: " + e.getMessage());
            }
        }
        synchronized (this) {
            replace(source, loaded);
        }
        LOG.info("Rule bundle {}: {} rules", source, loaded.size());
        return source;
    }

    private void load(String file, String text) {
        try {
            List<Rule> loaded = RuleFiles.parse(file, text);
            refused.remove(file);
            replace(file, loaded);
            LOG.info("Rule file {}: {} rules ({})", file, loaded.size(), loaded.stream().map(Rule::name).toList());
        } catch (RuleFiles.RuleFileException e) {
            // The rules the file had keep running until it is fixed: a typo must not switch detection off.
            refuse(file, e.getMessage());
        }
    }

    private void refuse(String origin, String reason) {
        refused.put(origin, new Refused(origin, reason));
        LOG.error("Rule file refused: {}", reason);
    }

    /** The rules of one source become {@code loaded}; then the running set follows (gone rules stop, new ones start). */
    private synchronized void replace(String source, List<Rule> loaded) {
        if (loaded.isEmpty()) {
            sources.remove(source);
        } else {
            sources.put(source, loaded);
        }
        Map<String, Rule> effective = new LinkedHashMap<>();
        // Bundles first: a file's rule of the same name replaces a bundled one (to change a shipped rule, copy it).
        List<String> order = new ArrayList<>(sources.keySet());
        order.sort((a, b) -> Boolean.compare(isFile(a), isFile(b)));
        Map<String, String> owner = new HashMap<>();
        for (String from : order) {
            for (Rule rule : sources.get(from)) {
                String before = owner.get(rule.name());
                if (before != null && isFile(before) == isFile(from)) {
                    refuse(rule.origin(), rule.origin() + ": rule '" + rule.name() + "' is already defined by " + before + "; this one is ignored");
                    continue;
                }
                effective.put(rule.name(), rule);
                owner.put(rule.name(), from);
            }
        }
        for (Scheduled scheduled : List.copyOf(rules.values())) {
            if (effective.get(scheduled.rule.name()) != scheduled.rule) {
                rules.remove(scheduled.rule.name());
                if (scheduled.future != null) {
                    scheduled.future.cancel(false);
                }
            }
        }
        for (Rule rule : effective.values()) {
            if (!rules.containsKey(rule.name())) {
                Scheduled scheduled = new Scheduled(rule);
                rules.put(rule.name(), scheduled);
                if (rule.enabled() && config.enabled()) {
                    long period = Math.max(1000, rule.schedule().toMillis());
                    scheduled.future = scheduler.scheduleAtFixedRate(() -> tick(scheduled), 0, period, TimeUnit.MILLISECONDS);
                }
            }
        }
    }

    private boolean isFile(String source) {
        return checksums.containsKey(Path.of(source));
    }

    // ---- running

    /** One scheduled run: the windows missed since the last covered time, then the current one. */
    private void tick(Scheduled scheduled) {
        Rule rule = scheduled.rule;
        if (!scheduled.running.compareAndSet(false, true)) {
            LOG.warn("Rule {} is still running after {} s, longer than its schedule ({}): this run is skipped", rule.name(),
                    (System.nanoTime() - scheduled.startedNanos) / 1_000_000_000L, rule.schedule());
            return;
        }
        long started = System.nanoTime();
        scheduled.startedNanos = started;
        try {
            // Another container may hold the rule; the one that takes it over reads where the last holder got to.
            boolean held = leases.acquire(rule.name(), rule.schedule().multipliedBy(2).plusSeconds(30));
            if (!held) {
                scheduled.leaseHeld = false;
                scheduled.lastError = "runs in another container (lease in " + config.leaseIndex() + ")";
                return;
            }
            if (!scheduled.leaseHeld) {
                scheduled.leaseHeld = true;
                scheduled.stateRead = false;
            }
            Instant now = clock.instant();
            if (!scheduled.stateRead) {
                scheduled.lastCovered = readLastCovered(rule);
                scheduled.stateRead = true;
            }
            Instant oldest = now.minus(Duration.ofHours(config.catchUpHours()));
            Instant next = scheduled.lastCovered == null ? now : scheduled.lastCovered.plus(rule.schedule());
            if (next.isBefore(oldest)) {
                LOG.warn("Rule {} was last covered at {}: the windows before {} are not searched (catchUpHours={})", rule.name(),
                        scheduled.lastCovered, oldest, config.catchUpHours());
                next = oldest;
            }
            int caughtUp = 0;
            while (next.isBefore(now)) {
                runWindow(scheduled, next);
                next = next.plus(rule.schedule());
                caughtUp++;
            }
            if (caughtUp > 0) {
                LOG.info("Rule {} caught up {} missed windows", rule.name(), caughtUp);
            }
            runWindow(scheduled, now);
            scheduled.lastError = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            scheduled.failures.incrementAndGet();
            scheduled.lastError = e.getMessage();
            LOG.warn("Rule {} failed, its window is searched again at the next run: {}", rule.name(), e.getMessage());
        } finally {
            scheduled.lastRunMillis = (System.nanoTime() - started) / 1_000_000;
            scheduled.lastRun = clock.instant();
            scheduled.running.set(false);
            if (scheduled.lastRunMillis > rule.schedule().toMillis()) {
                LOG.warn("Rule {} ran for {} ms, longer than its schedule ({}): runs are skipped while one is going", rule.name(),
                        scheduled.lastRunMillis, rule.schedule());
            }
        }
    }

    private void runWindow(Scheduled scheduled, Instant end) throws Exception {
        Rule rule = scheduled.rule;
        RuleRunner.Result result = runner.run(rule, end.minus(rule.window()), end, null, false);
        scheduled.runs.incrementAndGet();
        scheduled.alerts.addAndGet(result.alerts().size());
        for (ObjectNode alert : result.alerts()) {
            LOG.info("Rule {} raised alert {}: {}", rule.name(), alert.path("_id").asText(), alert.path("_source").path("summary").asText());
        }
        scheduled.lastCovered = end;
        ObjectNode state = NODES.objectNode();
        state.put("rule", rule.name()).put("classname", rule.classname()).put("lastCovered", DateTimeFormatter.ISO_INSTANT.format(end))
                .put("alerts", result.alerts().size());
        elasticsearch.put(config.stateIndex(), rule.name(), state);
    }

    /** This container among others: "pid@host" and a name of its own for this engine's life. */
    private static String owner() {
        return ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
    }

    private Instant readLastCovered(Rule rule) throws IOException, InterruptedException {
        JsonNode state = elasticsearch.get(config.stateIndex(), rule.name());
        return state == null || !state.hasNonNull("lastCovered") ? null : Instant.parse(state.path("lastCovered").asText());
    }

    private ObjectNode enrich(ObjectNode alert) {
        for (AlertPlugin plugin : plugins) {
            try {
                plugin.enrich(() -> alert);
            } catch (RuntimeException e) {
                // As MozDef's plugin set: a failing plugin leaves the alert to the others.
                LOG.warn("Alert plugin {} failed on '{}': {}", plugin.getClass().getName(), alert.path("summary").asText(), e.toString());
            }
        }
        return alert;
    }

    @Override
    public List<Outcome> raiseAll(List<Raise> alerts) throws IOException {
        String index = IndexNames.alertsIndex(Instant.now());
        alerts.forEach(raise -> enrich(raise.alert()));
        List<Outcome> outcomes = elasticsearch.createAll(index, alerts);
        for (int i = 0; i < alerts.size(); i++) {
            if (outcomes.get(i) == Outcome.RAISED) {
                ObjectNode full = JsonNodeFactory.instance.objectNode().put("_id", alerts.get(i).id()).put("_index", index);
                full.set("_source", alerts.get(i).alert());
                publish(full);
            }
        }
        return outcomes;
    }

    /** Hands a stored alert to the actions, leaving the marker that has it handed over again should they never see it. */
    private void publish(ObjectNode alert) {
        try {
            handOff.handingOver(alert.path("_index").asText(), alert.path("_id").asText());
        } catch (IOException e) {
            LOG.warn("Alert {}: no hand-off marker ({}); its actions run if this container lives to hand it over", alert.path("_id").asText(), e.getMessage());
        }
        send(alert);
    }

    private void resendOverdue() {
        try {
            handOff.resendOverdue(this::send);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Alerts not dealt with by the actions not looked for ({}); tried again later", e.getMessage());
        }
    }

    private void send(ObjectNode alert) {
        ProducerTemplate template = output;
        if (template == null) {
            return;
        }
        try {
            template.sendBody(OUTPUT, alert.toString());
        } catch (RuntimeException e) {
            // No consumer (AMQP off) is normal; the alert is stored either way.
            if (outputMissingLogged.compareAndSet(false, true)) {
                LOG.info("Alerts are stored but not published ({}: {}); routes/alerts-output.xml publishes them when AMQP is enabled",
                        OUTPUT, e.getMessage());
            }
        }
    }

    // ---- Rules

    @Override
    public List<Status> list() {
        List<Status> list = new ArrayList<>();
        for (Scheduled scheduled : rules.values()) {
            Rule rule = scheduled.rule;
            list.add(new Status(rule.name(), rule.classname(), rule.origin(), rule.enabled() && config.enabled(), Durations.format(rule.schedule()),
                    Durations.format(rule.window()), scheduled.lastCovered, scheduled.lastRun, scheduled.runs.get(), scheduled.alerts.get(),
                    scheduled.failures.get(), scheduled.lastError, scheduled.lastRunMillis));
        }
        list.sort((a, b) -> a.name().compareTo(b.name()));
        return list;
    }

    @Override
    public List<Refused> refused() {
        return List.copyOf(refused.values());
    }

    @Override
    public RuleRunner.Result test(String name, Instant from, Instant to) throws Exception {
        Scheduled scheduled = rules.get(name);
        if (scheduled == null) {
            throw new IllegalArgumentException("no rule named " + name + " (vigil:rules lists them)");
        }
        return runner.run(scheduled.rule, from == null ? to.minus(scheduled.rule.window()) : from, to, null, true);
    }
}

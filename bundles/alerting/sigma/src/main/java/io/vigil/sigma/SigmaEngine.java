package io.vigil.sigma;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.alerts.Alerts;
import io.vigil.api.ingest.IndexedEvents;
import io.vigil.api.metrics.MetricSource;
import io.vigil.api.metrics.Metrics;
import io.vigil.elasticsearch.Elasticsearch;
import io.vigil.elasticsearch.Query;
import io.vigil.elasticsearch.Scan;
import io.vigil.elasticsearch.layout.IndexNames;
import io.vigil.sigma.rules.SigmaRules;
import io.vigil.support.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiPredicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.osgi.util.tracker.BundleTracker;
import org.osgi.util.tracker.BundleTrackerCustomizer;
import org.slf4j.LoggerFactory;

/**
 * Streaming Sigma detection: every event Elasticsearch confirmed is queued here (the ingest never waits) and checked by
 * one thread against the rules of the folder ({@link RuleSet}, reloaded when a file changes); a match becomes an alert
 * through the alert engine ({@link Alerts}) under an id made from rule and event, so no match is raised twice.
 * <p>
 * Nothing stored escapes detection: a {@link Checkpoint} in Elasticsearch says before which receipt time every event
 * was checked, and at start the events received since are read back from Elasticsearch and checked ("catching up");
 * so are the events that found the queue full, once it has room. Checking an event twice raises nothing twice.
 */
@Component(name = "io.vigil.sigma", immediate = true, service = {IndexedEvents.class, MetricSource.class, SigmaRules.class}, configurationPid = "io.vigil.sigma",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = SigmaConfig.class)
public class SigmaEngine implements IndexedEvents, MetricSource, SigmaRules {

    private static final Logger LOG = LoggerFactory.getLogger(SigmaEngine.class);
    private static final int RAISE_TRIES = 5;
    /** Events reach the engine after their bulk request, up to the pipeline's index timeout after receipt: kept in hand. */
    private static final Duration MARGIN = Duration.ofMinutes(2);
    private static final Duration CHECKPOINT_EVERY = Duration.ofSeconds(10);
    private static final int PAGE = 1000;
    /** Matches waiting to be raised, at most (the checking waits beyond: memory stays bounded), and per bulk request. */
    private static final int RAISE_QUEUE = 2_000;
    private static final int RAISE_BATCH = 500;
    static final String PACK_FOLDER = "META-INF/vigil/sigma";

    private record Stored(String index, String id, ObjectNode event, Instant received) {
    }

    /** A match to raise: the rule's key and title (for counts and messages), the alert's id, how to make it, its event. */
    private record Pending(String key, String id, Supplier<ObjectNode> alert, String title, Stored stored) {
    }

    private final Alerts alerts;
    private final Elasticsearch elasticsearch;
    private final Checkpoint checkpoint;
    private final CorrelationStore windows;
    private final SwitchStore switchStore;
    /** The administrators' switches as last read; kept while Elasticsearch cannot be read. */
    private volatile List<Switch> switchesSet = List.of();
    private volatile boolean switchesUnreadable;
    private final Duration catchUpLimit;
    private volatile Instant saved;
    private volatile Instant checking;
    private volatile Instant earliestUnchecked;
    /** Where the catch-up after a start begins, until it has begun. */
    private volatile Instant resumeFrom;
    private volatile Thread catchUp;
    /** After a failed catch-up (Elasticsearch away), the next waits this long. */
    private volatile Instant nextCatchUp = Instant.MIN;
    private final Path folder;
    private final BundleTracker<RuleSet.Pack> bundles;
    /** The rule packs of the bundles running, by bundle. */
    private final Map<Long, RuleSet.Pack> packs = new ConcurrentHashMap<>();
    private final BlockingQueue<Stored> queue;
    private final ScheduledExecutorService scanner = Executors.newSingleThreadScheduledExecutor(task -> new Thread(task, "vigil-sigma-scan"));
    private final Thread checker;
    /** Raises the checker's matches in bulk requests, so that checking never waits on Elasticsearch once per alert. */
    private final Thread raiser;
    private final BlockingQueue<Pending> raising = new ArrayBlockingQueue<>(RAISE_QUEUE);
    /** The receipt times of the events whose matches are not raised yet (queued or in hand), counted: the checkpoint waits for them. */
    private final TreeMap<Instant, Integer> unraised = new TreeMap<>();
    private final boolean enabled;
    private final List<String> disabled;
    private volatile RuleSet rules = RuleSet.empty();
    private volatile String fingerprint = "";
    private final LongAdder checked = new LongAdder();
    private final LongAdder unchecked = new LongAdder();
    private final LongAdder matched = new LongAdder();
    private final LongAdder raised = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder throttled = new LongAdder();
    private final Throttle throttle;
    private final LongAdder caughtUp = new LongAdder();
    /** Per rule (by {@link #key}): matches, then alerts raised; kept across reloads. */
    private final Map<String, LongAdder[]> perRule = new ConcurrentHashMap<>();
    private final AtomicLong lastUncheckedLog = new AtomicLong();

    @Activate
    public SigmaEngine(SigmaConfig config, BundleContext context, @Reference Alerts alerts, @Reference Elasticsearch elasticsearch) {
        this.alerts = alerts;
        this.elasticsearch = elasticsearch;
        this.checkpoint = new Checkpoint(elasticsearch);
        this.windows = new CorrelationStore(elasticsearch);
        this.switchStore = new SwitchStore(elasticsearch);
        this.catchUpLimit = Duration.ofHours(Math.max(0, config.catchUpHours()));
        this.enabled = config.enabled();
        this.disabled = Stream.of(config.disabled().split(",")).map(String::strip).filter(entry -> !entry.isEmpty()).toList();
        this.folder = Path.of(config.rulesDirectory()).toAbsolutePath();
        this.queue = new ArrayBlockingQueue<>(Math.max(1, config.queueSize()));
        Duration period = Durations.of(config.throttlePeriod());
        if (period == null) {
            LOG.warn("Sigma: throttlePeriod '{}' is not a duration (90s, 10m, 1h, 1d): 10m", config.throttlePeriod());
            period = Duration.ofMinutes(10);
        }
        this.throttle = new Throttle(config.throttleAlerts(), period,
                Stream.of(config.throttleBy().split(",")).map(String::strip).filter(field -> !field.isEmpty()).toList());
        this.checker = new Thread(this::check, "vigil-sigma-check");
        checker.setDaemon(true);
        this.raiser = new Thread(this::raiseAll, "vigil-sigma-raise");
        raiser.setDaemon(true);
        // Rule packs: bundles with rules under META-INF/vigil/sigma, loaded when they start and gone when they stop.
        this.bundles = new BundleTracker<>(context, Bundle.ACTIVE, new BundleTrackerCustomizer<>() {
            @Override
            public RuleSet.Pack addingBundle(Bundle bundle, BundleEvent event) {
                RuleSet.Pack pack = pack(bundle);
                if (pack != null) {
                    packs.put(bundle.getBundleId(), pack);
                    scanner.execute(SigmaEngine.this::scan);
                }
                return pack;
            }

            @Override
            public void modifiedBundle(Bundle bundle, BundleEvent event, RuleSet.Pack pack) {
            }

            @Override
            public void removedBundle(Bundle bundle, BundleEvent event, RuleSet.Pack pack) {
                packs.remove(bundle.getBundleId());
                if (!scanner.isShutdown()) {
                    scanner.execute(SigmaEngine.this::scan);
                }
            }
        });
        bundles.open();
        scan();
        if (enabled && !rules.correlations().isEmpty()) {
            try {
                LOG.info("Sigma: {} correlation windows resumed", windows.load(rules.correlations()));
            } catch (IOException e) {
                LOG.warn("Sigma: the correlation windows could not be read ({}): they start anew", e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        scanner.scheduleWithFixedDelay(this::scan, config.scanSeconds(), Math.max(1, config.scanSeconds()), TimeUnit.SECONDS);
        checker.start();
        raiser.start();
        if (enabled) {
            Instant now = Instant.now();
            Instant from = null;
            try {
                from = checkpoint.read();
            } catch (IOException e) {
                LOG.warn("Sigma: no checkpoint could be read ({}): checking from the last {} h", e.getMessage(), catchUpLimit.toHours());
                from = now.minus(catchUpLimit);
            }
            saved = from == null ? now.minus(MARGIN) : from;
            if (from == null) {
                // The first start: from now on nothing stored goes unchecked, even if this container stops in a moment.
                try {
                    checkpoint.write(saved);
                } catch (IOException e) {
                    LOG.warn("Sigma: the first checkpoint could not be saved: {}", e.getMessage());
                }
            }
            if (from != null) {
                // Read back from the checking thread once it runs, not from here: the pipeline tells this engine of
                // stored events only once it is bound, and what it stored before must be in the reading.
                resumeFrom = from.isBefore(now.minus(catchUpLimit)) ? now.minus(catchUpLimit) : from;
            }
            scanner.scheduleWithFixedDelay(this::saveCheckpoint, CHECKPOINT_EVERY.toSeconds(), CHECKPOINT_EVERY.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        bundles.close();
        scanner.shutdownNow();
        scanner.awaitTermination(10, TimeUnit.SECONDS);
        Thread running = catchUp;
        if (running != null) {
            running.interrupt();
            running.join(TimeUnit.SECONDS.toMillis(10));
        }
        checker.interrupt();
        checker.join(TimeUnit.SECONDS.toMillis(10));
        // What is not raised yet is not lost: the checkpoint stays before its events, a restart checks them again.
        raiser.interrupt();
        raiser.join(TimeUnit.SECONDS.toMillis(10));
        if (enabled) {
            saveCheckpoint(); // what was checked since the last one, and the windows, so that a restart repeats little
        }
    }

    @Override
    public void indexed(String index, String id, ObjectNode event) {
        if (!enabled || rules.runnable() == 0) {
            return;
        }
        Stored stored = new Stored(index, id, event, received(event));
        if (!queue.offer(stored)) {
            unchecked.increment();
            synchronized (this) {
                if (earliestUnchecked == null || stored.received().isBefore(earliestUnchecked)) {
                    earliestUnchecked = stored.received();
                }
            }
            long now = System.currentTimeMillis();
            long last = lastUncheckedLog.get();
            if (now - last > 60_000 && lastUncheckedLog.compareAndSet(last, now)) {
                LOG.warn("Sigma: {} stored events waiting already; events go unchecked ({} so far): raise queueSize in etc/io.vigil.sigma.cfg",
                        queue.size(), unchecked.sum());
            }
        }
    }

    private void check() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Stored stored = queue.poll(1, TimeUnit.SECONDS);
                if (resumeFrom != null) {
                    resume();
                }
                if (stored == null) {
                    checking = null;
                    catchUpUnchecked();
                    continue;
                }
                checking = stored.received();
                checked.increment();
                RuleSet current = rules;
                Instant time = null; // the event's time, parsed once for all its matches, and only if it has one
                for (RuleSet.Hit hit : current.hits(stored.event())) {
                    if (time == null) {
                        time = Correlations.time(stored.event());
                    }
                    SigmaRule rule = hit.rule();
                    matched.increment();
                    counts(rule.key())[0].increment();
                    if (!current.quiet(rule.key())) {
                        Throttle.Decision decision = throttle.decide(rule.key(), stored.index() + "/" + stored.id(), stored.event(), time);
                        if (decision == Throttle.Decision.RAISE) {
                            toRaise(new Pending(rule.key(), SigmaAlerts.id(rule, stored.index(), stored.id()),
                                    () -> SigmaAlerts.alert(rule, stored.index(), stored.id(), stored.event(), Instant.now()), rule.title(), stored));
                        } else {
                            throttled.increment();
                            counts(rule.key())[2].increment();
                            if (decision == Throttle.Decision.THROTTLE_FIRST) {
                                LOG.info("Sigma: '{}' throttled for {}: it raised {} alerts in the period; further matches are counted, not raised",
                                        rule.title(), throttle.group(stored.event()), throttle.limit());
                            }
                        }
                    }
                    Correlations.Match match = new Correlations.Match(rule.key(), rule.name(), stored.index(), stored.id(), stored.event(), hit.fields(),
                            time);
                    for (Correlations.Fired fired : current.correlations().offer(match)) {
                        String key = fired.rule().key();
                        counts(key)[0].increment();
                        if (!current.quiet(key)) {
                            toRaise(new Pending(key, SigmaAlerts.id(fired), () -> SigmaAlerts.alert(withEvents(fired), Instant.now()), fired.rule().title(),
                                    stored));
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Sigma: the checking thread stopped", e);
        }
    }

    /**
     * The fired correlation with the events of its matches that a restart restored without them (only where they are
     * in Elasticsearch: the windows keep where each is), read back for its alert; as it was if they cannot be read.
     */
    private Correlations.Fired withEvents(Correlations.Fired fired) {
        List<Correlations.Match> matches = fired.matches().subList(Math.max(0, fired.matches().size() - SigmaAlerts.MAX_EVENTS), fired.matches().size());
        if (matches.stream().allMatch(match -> match.event() != null)) {
            return fired;
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode docs = body.putArray("docs");
        matches.stream().filter(match -> match.event() == null).forEach(match -> docs.addObject().put("_index", match.index()).put("_id", match.id()));
        Map<String, ObjectNode> found = new HashMap<>();
        try {
            for (JsonNode doc : elasticsearch.ok("POST", "/_mget", body).path("docs")) {
                if (doc.path("_source").isObject()) {
                    found.put(doc.path("_index").asText() + "/" + doc.path("_id").asText(), (ObjectNode) doc.path("_source"));
                }
            }
        } catch (IOException e) {
            LOG.warn("Sigma: the events of '{}' could not be read for its alert: {}", fired.rule().title(), e.getMessage());
            return fired;
        }
        List<Correlations.Match> filled = matches.stream().map(match -> match.event() != null ? match
                : new Correlations.Match(match.node(), match.name(), match.index(), match.id(), found.get(match.index() + "/" + match.id()), match.fields(),
                        match.time())).toList();
        return new Correlations.Fired(fired.rule(), fired.group(), filled);
    }

    /** Queues a match to be raised, waiting while the queue is full. */
    private void toRaise(Pending pending) throws InterruptedException {
        synchronized (unraised) {
            unraised.merge(pending.stored().received(), 1, Integer::sum);
        }
        raising.put(pending);
    }

    private void raiseAll() {
        List<Pending> batch = new ArrayList<>();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Pending first = raising.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                raising.drainTo(batch, RAISE_BATCH - 1);
                raise(batch);
                synchronized (unraised) {
                    batch.forEach(done -> unraised.computeIfPresent(done.stored().received(), (time, count) -> count == 1 ? null : count - 1));
                }
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Sigma: the raising thread stopped", e);
        }
    }

    /**
     * Raises matches in one bulk request, trying again what Elasticsearch did not take (no answer, or an item refused)
     * a few times, waiting longer each time; an alert's id keeps a retry from doubling it.
     */
    private void raise(List<Pending> batch) throws InterruptedException {
        List<Pending> left = batch;
        String problem = null;
        for (int attempt = 1; attempt <= RAISE_TRIES; attempt++) {
            // Made again for each attempt: the alert plugins enrich what they are given.
            List<Alerts.Raise> alerts = left.stream().map(pending -> new Alerts.Raise(pending.id(), pending.alert().get())).toList();
            try {
                List<Alerts.Outcome> outcomes = this.alerts.raiseAll(alerts);
                List<Pending> refused = new ArrayList<>();
                for (int i = 0; i < left.size(); i++) {
                    if (outcomes.get(i) == Alerts.Outcome.RAISED) {
                        raised.increment();
                        counts(left.get(i).key())[1].increment();
                    } else if (outcomes.get(i) == Alerts.Outcome.FAILED) {
                        refused.add(left.get(i));
                    }
                }
                if (refused.isEmpty()) {
                    return;
                }
                left = refused;
                problem = "Elasticsearch refused them (its log says why)";
            } catch (IOException e) {
                problem = e.getMessage();
            }
            if (attempt < RAISE_TRIES) {
                Thread.sleep(1000L * attempt);
            }
        }
        failed.add(left.size());
        Pending first = left.get(0);
        LOG.error("Sigma: {} alerts not raised, the first {} of '{}' on {}/{}: {}", left.size(), first.id(), first.title(), first.stored().index(),
                first.stored().id(), problem);
    }

    /**
     * The catch-up after a start, once the pipeline is known to tell this engine of what it stores (an event came, or a
     * second passed since it started): what was stored before is then all in the reading.
     */
    private synchronized void resume() {
        if (resumeFrom != null && catchUp == null) {
            if (rules.runnable() > 0) {
                startCatchUp(resumeFrom, Instant.now());
            }
            resumeFrom = null;
        }
    }

    /** Once the queue has room again, the events that found it full are read back from Elasticsearch and checked. */
    private synchronized void catchUpUnchecked() {
        if (earliestUnchecked != null && catchUp == null && Instant.now().isAfter(nextCatchUp)) {
            Instant from = earliestUnchecked.minus(MARGIN);
            earliestUnchecked = null;
            startCatchUp(from, Instant.now());
        }
    }

    private synchronized void startCatchUp(Instant from, Instant to) {
        Thread thread = new Thread(() -> catchUp(from, to), "vigil-sigma-catch-up");
        thread.setDaemon(true);
        catchUp = thread;
        thread.start();
    }

    /** Checks again the events received in [from, to), read from Elasticsearch oldest first, into the queue as it has room. */
    private void catchUp(Instant from, Instant to) {
        List<String> indices = new ArrayList<>();
        for (Instant day = from.truncatedTo(ChronoUnit.DAYS); day.isBefore(to); day = day.plus(1, ChronoUnit.DAYS)) {
            indices.add(IndexNames.eventsIndex(day));
        }
        LOG.info("Sigma: checking the events received from {} to {} ({})", from, to, String.join(",", indices));
        try {
            // What was stored before 'to' but is not searchable yet (refreshed each second) would be missed otherwise.
            elasticsearch.send("POST", "/" + Elasticsearch.indices(indices) + "/_refresh?ignore_unavailable=true&allow_no_indices=true", null);
            long events = Scan.each(elasticsearch, indices, Query.range("receivedtimestamp", from.toString(), to.toString()), "receivedtimestamp", PAGE,
                    hit -> {
                        queue.put(new Stored(hit.path("_index").asText(), hit.path("_id").asText(), (ObjectNode) hit.path("_source"),
                                received(hit.path("_source"))));
                        caughtUp.increment();
                    });
            LOG.info("Sigma: caught up on {} events received from {} to {}", events, from, to);
        } catch (IOException | RuntimeException e) {
            LOG.error("Sigma: catching up from {} failed ({}); trying again in 30 s", from, e.toString());
            synchronized (this) {
                earliestUnchecked = earliestUnchecked == null || from.isBefore(earliestUnchecked) ? from : earliestUnchecked;
                nextCatchUp = Instant.now().plusSeconds(30);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (this) {
                catchUp = null;
            }
        }
    }

    /**
     * Moves the checkpoint up to the oldest event not yet checked (the one being checked, the head of the queue, one
     * that found the queue full) or whose matches are not raised yet, less a margin; not while catching up, which a
     * restart would have to do again.
     */
    private void saveCheckpoint() {
        try {
            windows.save(rules.correlations()); // first: the windows must include every event before the checkpoint
        } catch (IOException e) {
            LOG.warn("Sigma: the correlation windows could not be saved ({}): the checkpoint stays", e.getMessage());
            return;
        }
        Instant oldest = Instant.now();
        Stored head = queue.peek();
        Instant unraisedOldest;
        synchronized (unraised) {
            unraisedOldest = unraised.isEmpty() ? null : unraised.firstKey();
        }
        for (Instant waiting : new Instant[] {checking, head == null ? null : head.received(), earliestUnchecked, resumeFrom, unraisedOldest}) {
            if (waiting != null && waiting.isBefore(oldest)) {
                oldest = waiting;
            }
        }
        Instant next = oldest.minus(MARGIN);
        if (catchUp != null || !next.isAfter(saved)) {
            return;
        }
        try {
            checkpoint.write(next);
            saved = next;
        } catch (IOException e) {
            LOG.warn("Sigma: the checkpoint could not be saved: {}", e.getMessage());
        }
    }

    private static Instant received(JsonNode event) {
        try {
            return OffsetDateTime.parse(event.path("receivedtimestamp").asText()).toInstant();
        } catch (DateTimeParseException e) {
            return Instant.now();
        }
    }

    /**
     * Reloads the folder when a file in it was added, changed or removed (by name, size and time: no file is read to
     * tell), a rule pack came or went, or the switches changed.
     */
    private synchronized void scan() {
        try {
            readSwitches();
            List<Switch> set = switchesSet;
            String now = fingerprint(folder) + packs.values().stream().map(RuleSet.Pack::name).sorted().toList() + set;
            if (now.equals(fingerprint)) {
                return;
            }
            RuleSet loaded = RuleSet.load(folder, folder.resolve("mappings"), Switches.of(disabled, set), List.copyOf(packs.values()));
            loaded.correlations().takeOver(rules.correlations());
            rules = loaded;
            fingerprint = now;
            LOG.info("Sigma: {} rules run from {} and {} rule packs; {} refused, {} without a field mapping for their product, {} disabled",
                    loaded.runnable(), folder, packs.size(),
                    loaded.refused().size(), loaded.unmapped().size(), loaded.loaded().stream().filter(rule -> rule.state().equals("disabled")).count());
            loaded.refused().forEach(refusal -> LOG.warn("Sigma: refused {}:{}: {}: {}", refusal.file(), refusal.line(), refusal.feature(), refusal.reason()));
        } catch (IOException | RuntimeException e) {
            LOG.error("Sigma: cannot read {}: {}", folder, e.toString());
        }
    }

    private void readSwitches() {
        try {
            switchesSet = switchStore.read();
            if (switchesUnreadable) {
                LOG.info("Sigma: the rules' switches are read again");
                switchesUnreadable = false;
            }
        } catch (IOException e) {
            if (!switchesUnreadable) {
                LOG.warn("Sigma: the rules' switches cannot be read ({}): the last read stay", e.getMessage());
                switchesUnreadable = true;
            }
        }
    }

    @Override
    public List<Switch> switches() {
        return switchesSet;
    }

    @Override
    public List<Status> turn(String target, Boolean enabled, String by, String reason) throws IOException {
        if (target == null || target.isBlank()) {
            throw new IllegalArgumentException("a target is required: a rule's id, or a glob of rule files (windows/builtin/**)");
        }
        BiPredicate<String, Path> naming = Switches.naming(target); // refuses what is no glob before anything is stored
        if (enabled != null && named(naming).isEmpty()) {
            throw new IllegalArgumentException("'" + target + "' names no rule: neither an id nor a glob of the rule files listed (windows/builtin/**)");
        }
        switchStore.turn(target, enabled, by, reason, Instant.now());
        LOG.info("Sigma: {} {} {}{}", by, enabled == null ? "removed the switch of" : enabled ? "enabled" : "disabled", target,
                reason == null || reason.isBlank() ? "" : " (" + reason + ")");
        scan();
        return named(naming);
    }

    private List<Status> named(BiPredicate<String, Path> naming) {
        return list().stream().filter(rule -> naming.test(rule.id(), Path.of(rule.file()))).toList();
    }

    /** A bundle's rule pack: its files under {@value #PACK_FOLDER} by their path there; {@code null} if it has none. */
    private static RuleSet.Pack pack(Bundle bundle) {
        Enumeration<URL> entries = bundle.findEntries(PACK_FOLDER, "*.yml", true);
        if (entries == null) {
            return null;
        }
        Map<String, String> files = new HashMap<>();
        for (URL entry : Collections.list(entries)) {
            try (InputStream in = entry.openStream()) {
                files.put(entry.getPath().substring(entry.getPath().indexOf(PACK_FOLDER) + PACK_FOLDER.length() + 1), new String(in.readAllBytes(),
                        StandardCharsets.UTF_8));
            } catch (IOException e) {
                LOG.warn("Sigma: {} of rule pack {} is unreadable: {}", entry.getPath(), bundle.getSymbolicName(), e.getMessage());
            }
        }
        LOG.info("Sigma: rule pack {} {} ({} files)", bundle.getSymbolicName(), bundle.getVersion(), files.size());
        return new RuleSet.Pack(bundle.getSymbolicName() + " " + bundle.getVersion(), files);
    }

    private static String fingerprint(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return "absent";
        }
        StringBuilder print = new StringBuilder();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                print.append(file).append(' ').append(Files.size(file)).append(' ').append(Files.getLastModifiedTime(file).toMillis()).append('\n');
            }
        }
        return print.toString();
    }

    private LongAdder[] counts(String key) {
        return perRule.computeIfAbsent(key, any -> new LongAdder[] {new LongAdder(), new LongAdder(), new LongAdder()});
    }

    @Override
    public String folder() {
        return folder.toString();
    }

    @Override
    public List<Status> list() {
        List<Status> list = new ArrayList<>();
        RuleSet current = rules;
        for (RuleSet.Loaded loaded : current.loaded()) {
            SigmaRule rule = loaded.rule();
            LongAdder[] counts = perRule.get(rule.key());
            Logsource source = rule.logsource();
            String logsource = Stream.of(source.product(), source.category(), source.service()).filter(part -> part != null).collect(Collectors.joining("/"));
            list.add(new Status(rule.id(), rule.title(), rule.level(), logsource, RuleSet.where(folder, rule.file()).toString(), loaded.state(),
                    loaded.mapping(), counts == null ? 0 : counts[0].sum(), counts == null ? 0 : counts[1].sum(), counts == null ? 0 : counts[2].sum()));
        }
        for (CorrelationRule correlation : current.correlationRules()) {
            list.add(status(correlation, "runs"));
        }
        for (CorrelationRule correlation : current.disabledCorrelations()) {
            list.add(status(correlation, "disabled"));
        }
        return list;
    }

    private Status status(CorrelationRule correlation, String state) {
        LongAdder[] counts = perRule.get(correlation.key());
        return new Status(correlation.id(), correlation.title(), correlation.level(), "correlation/" + correlation.type(),
                RuleSet.where(folder, correlation.file()).toString(), state, null, counts == null ? 0 : counts[0].sum(), counts == null ? 0 : counts[1].sum(), 0);
    }

    @Override
    public List<Refused> refused() {
        return rules.refused();
    }

    @Override
    public void collect(Metrics metrics) {
        metrics.gauge("vigil_sigma_rules", "Sigma rules that run on every stored event", rules.runnable());
        metrics.gauge("vigil_sigma_rules_refused", "Sigma rule files refused (see the log or ./vigil sigma check)", rules.refused().size());
        metrics.gauge("vigil_sigma_rules_unmapped", "Sigma rules loaded without a field mapping for their product", rules.unmapped().size());
        metrics.gauge("vigil_sigma_queued_events", "Stored events waiting to be checked", queue.size());
        metrics.gauge("vigil_sigma_queued_alerts", "Matches waiting to be raised as alerts", raising.size());
        metrics.counter("vigil_sigma_events_checked_total", "Stored events checked against the Sigma rules", checked.sum());
        metrics.counter("vigil_sigma_events_unchecked_total", "Stored events not checked because the queue was full", unchecked.sum());
        metrics.counter("vigil_sigma_matches_total", "Rule matches", matched.sum());
        metrics.counter("vigil_sigma_alerts_total", "Alerts raised from matches (a match raised before is not counted)", raised.sum());
        metrics.counter("vigil_sigma_alerts_throttled_total", "Matches not raised: their rule had raised throttleAlerts for their group in the period",
                throttled.sum());
        metrics.counter("vigil_sigma_alerts_failed_total", "Matches whose alert could not be stored", failed.sum());
        metrics.counter("vigil_sigma_events_caught_up_total", "Stored events read back from Elasticsearch to be checked (after a restart, or a full queue)",
                caughtUp.sum());
    }
}

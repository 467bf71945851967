package io.vigil.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.EventPlugin;
import io.vigil.api.ingest.InFlight;
import io.vigil.api.ingest.IndexedEvents;
import io.vigil.api.ingest.Outcome;
import io.vigil.api.ingest.Pipeline;
import io.vigil.api.ingest.PluginState;
import io.vigil.api.metrics.MetricSource;
import io.vigil.api.metrics.Metrics;
import io.vigil.elasticsearch.Elasticsearch;
import io.vigil.elasticsearch.layout.EventIndices;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline every input feeds: plugins are tracked as a whiteboard (a bundle deployed or removed changes
 * the chain for the next event), events are normalised and written to Elasticsearch in shared bulk requests.
 * Registered as the {@link Pipeline} every input hands its events to, and as a {@link MetricSource}; configured by
 * {@code io.vigil.ingest}, writing through the {@link Elasticsearch} service.
 */
@Component(name = "io.vigil.ingest", service = {Pipeline.class, MetricSource.class}, configurationPid = "io.vigil.ingest",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public class Ingest implements Pipeline, MetricSource {

    private static final Logger LOG = LoggerFactory.getLogger(Ingest.class);

    private final PluginChain chain = new PluginChain();
    private final BulkWriter writer;
    private final Ingestion ingestion;
    private final List<IndexedEvents> listeners = new CopyOnWriteArrayList<>();
    private final ByteBudget inFlight;

    @Activate
    public Ingest(IngestConfig config, @Reference Elasticsearch elasticsearch) {
        Clock clock = Clock.systemUTC();
        this.inFlight = new ByteBudget(config.maxInFlightBytes());
        EventIndices indices = new EventIndices(elasticsearch);
        this.writer = new BulkWriter(elasticsearch, new BulkWriter.Settings(config.bulkMaxActions(), config.bulkMaxBytes(),
                Duration.ofMillis(config.bulkLingerMillis()), config.bulkConcurrentRequests(), config.bulkQueueCapacity(),
                Duration.ofSeconds(config.indexTimeoutSeconds())));
        String hostname = config.mozdefHostname().isBlank() ? localHostname() : config.mozdefHostname();
        this.ingestion = new Ingestion(new KeyMapping(hostname, clock), chain, new RequiredFields(hostname, clock), writer, clock,
                day -> prepare(indices, day), this::indexed);
        ingestion.prepare();
    }

    @Override
    public CompletableFuture<Outcome> ingest(ObjectNode raw, String endpoint, boolean custom, String id) {
        return ingestion.ingest(raw, endpoint, custom, id);
    }

    @Override
    public CompletableFuture<Outcome> ingestNormalised(ObjectNode event, String endpoint, String id) {
        return ingestion.ingestNormalised(event, endpoint, id);
    }

    @Override
    public CompletableFuture<Outcome> deadLetter(String original, String endpoint, String errorType, String reason) {
        return ingestion.deadLetter(original, endpoint, errorType, reason);
    }

    @Override
    public InFlight inFlight() {
        return inFlight;
    }

    @Override
    public List<PluginState> plugins() {
        return chain.entries().stream().map(entry -> new PluginState(entry.name(), entry.description(), entry.origin(), entry.terms(),
                entry.priority(), entry.plugin().inactiveReason(), entry.seen(), entry.changed(), entry.dropped(), entry.errors())).toList();
    }

    /** The pipeline's counts for /metrics: per plugin, per endpoint and fate, and the bulk writer's. */
    @Override
    public void collect(Metrics metrics) {
        for (PluginChain.Entry entry : chain.entries()) {
            metrics.counter("vigil_plugin_events_total", "Events a plugin was given", entry.seen(), "plugin", entry.name());
            metrics.counter("vigil_plugin_changed_total", "Events a plugin changed", entry.changed(), "plugin", entry.name());
            metrics.counter("vigil_plugin_dropped_total", "Events a plugin dropped", entry.dropped(), "plugin", entry.name());
            metrics.counter("vigil_plugin_errors_total", "Events a plugin failed on (passed on unchanged)", entry.errors(), "plugin", entry.name());
        }
        for (Ingestion.Count count : ingestion.counts()) {
            metrics.counter("vigil_ingest_events_total", "Events by endpoint and fate: indexed, dropped, deadlettered, failed (not confirmed; the input retries)",
                    count.events(), "endpoint", count.endpoint(), "fate", count.fate());
        }
        BulkWriter.Stats bulk = writer.stats();
        metrics.counter("vigil_bulk_requests_total", "Bulk requests sent to Elasticsearch", bulk.requests());
        metrics.counter("vigil_bulk_failed_requests_total", "Bulk requests unanswered or answered 429/5xx", bulk.failedRequests());
        metrics.counter("vigil_bulk_documents_total", "Documents sent in bulk requests", bulk.documents());
        metrics.counter("vigil_bulk_refused_total", "Documents refused because the indexing queue was full", bulk.refused());
        metrics.counter("vigil_bulk_duration_seconds_sum", "Time bulk requests took, summed (divide by vigil_bulk_requests_total)", bulk.seconds());
        metrics.gauge("vigil_bulk_queued_documents", "Documents waiting for a bulk request", bulk.queued());
        metrics.gauge("vigil_inflight_bytes", "Bytes received and not settled yet, of the inputs' shared budget", inFlight.taken());
        metrics.gauge("vigil_inflight_capacity_bytes", "The inputs' shared budget of bytes in flight (maxInFlightBytes)", inFlight.capacity());
        metrics.counter("vigil_inflight_refused_total", "Times the budget was spent: requests answered 429, datagrams dropped, consumers that waited in vain",
                inFlight.refused());
    }

    private void indexed(Ingestion.Indexed event) {
        for (IndexedEvents listener : listeners) {
            try {
                listener.indexed(event.index(), event.id(), event.event());
            } catch (RuntimeException e) {
                // A listener's failure is its own: the event is stored and its input is told so.
                LOG.warn("Listener {} failed on {}/{}: {}", listener.getClass().getName(), event.index(), event.id(), e.toString());
            }
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(IndexedEvents listener) {
        listeners.add(listener);
    }

    void removeListener(IndexedEvents listener) {
        listeners.remove(listener);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        writer.close();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addPlugin(EventPlugin plugin, ServiceReference<EventPlugin> reference) {
        Map<String, Object> properties = new HashMap<>();
        for (String key : reference.getPropertyKeys()) {
            properties.put(key, reference.getProperty(key));
        }
        Bundle bundle = reference.getBundle();
        String origin = bundle == null ? "" : bundle.getSymbolicName() + " " + bundle.getVersion();
        Object description = properties.get(EventPlugin.DESCRIPTION);
        PluginChain.Entry entry = new PluginChain.Entry(name(plugin, properties), registration(properties),
                priority(properties), plugin, description == null ? "" : description.toString(), origin);
        chain.add(entry);
        String inactive = plugin.inactiveReason();
        if (inactive == null) {
            LOG.info("Plugin {} active: registration {}, priority {} ({})", entry.name(), entry.terms(), entry.priority(), origin);
        } else {
            LOG.warn("Plugin {} inactive: {} ({})", entry.name(), inactive, origin);
        }
    }

    void removePlugin(EventPlugin plugin) {
        chain.remove(plugin);
    }

    private static boolean prepare(EventIndices indices, LocalDate day) {
        try {
            indices.installTemplates();
            indices.rollTo(day);
            return true;
        } catch (Exception e) {
            LOG.warn("Elasticsearch indices for {} not prepared yet ({}); events still go to their daily index", day, e.getMessage());
            return false;
        }
    }

    private static String name(EventPlugin plugin, Map<String, Object> properties) {
        Object name = properties.get(EventPlugin.NAME);
        return name != null ? name.toString() : plugin.getClass().getSimpleName();
    }

    private static List<String> registration(Map<String, Object> properties) {
        Object terms = properties.get(EventPlugin.REGISTRATION);
        if (terms instanceof String[] array) {
            return Arrays.asList(array);
        }
        if (terms instanceof java.util.Collection<?> collection) {
            return collection.stream().map(String::valueOf).toList();
        }
        return terms == null ? List.of() : List.of(terms.toString());
    }

    private static int priority(Map<String, Object> properties) {
        Object priority = properties.get(EventPlugin.PRIORITY);
        if (priority instanceof Number number) {
            return number.intValue();
        }
        return priority == null ? EventPlugin.DEFAULT_PRIORITY : Integer.parseInt(priority.toString().trim());
    }

    private static String localHostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "vigil";
        }
    }
}

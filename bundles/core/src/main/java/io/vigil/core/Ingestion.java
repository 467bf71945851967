package io.vigil.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.ingest.Outcome.Fate;
import io.vigil.api.ingest.Outcome;
import io.vigil.api.ingest.UnavailableException;
import io.vigil.elasticsearch.layout.IndexNames;
import io.vigil.support.RejectedEventException;
import io.vigil.support.ToUtc;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One event's way from an input to Elasticsearch: MozDef normalisation (unless the endpoint is a custom one),
 * the plugin chain, the required fields, then the bulk writer. The returned future completes only when the
 * event is indexed, deliberately dropped by a plugin, or stored in {@code events-deadletter} with the
 * reason; it fails with {@link UnavailableException} when Elasticsearch could not confirm it.
 */
public final class Ingestion {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KeyMapping mapping;
    private final PluginChain chain;
    private final RequiredFields required;
    private final BulkWriter writer;
    private final Clock clock;
    private final Predicate<LocalDate> newDay;
    private final Consumer<Indexed> listeners;
    private volatile LocalDate day;
    /** Per endpoint, one count per fate and a last one for the failed: nothing made per event but the increment. */
    private final Map<String, LongAdder[]> counts = new ConcurrentHashMap<>();
    /**
     * Custom endpoints counted apart, at most: anyone may post to {@code /custom/<any name>}, and a counter (a metrics
     * label) per name would grow without bound; the names beyond are counted together under {@value #OTHER_ENDPOINTS}.
     */
    static final int CUSTOM_ENDPOINTS_COUNTED = 200;
    static final String OTHER_ENDPOINTS = "other";
    private final Set<String> customCounted = ConcurrentHashMap.newKeySet();

    /** An event Elasticsearch confirmed, for the {@code IndexedEvents} listeners. */
    public record Indexed(String index, String id, ObjectNode event) {
    }

    /** How many events of an endpoint met a fate ({@code indexed}, {@code dropped}, {@code deadlettered}, {@code failed}). */
    public record Count(String endpoint, String fate, long events) {
    }

    /**
     * @param newDay prepares the indices of each UTC day an event arrives in, before its first event is written;
     *               {@code false} (Elasticsearch unreachable) has the next event of that day try again
     * @param listeners given each event Elasticsearch confirmed (not one a redelivery found stored), before its input
     *               learns it: they must not block
     */
    public Ingestion(KeyMapping mapping, PluginChain chain, RequiredFields required, BulkWriter writer, Clock clock,
            Predicate<LocalDate> newDay, Consumer<Indexed> listeners) {
        this.mapping = mapping;
        this.chain = chain;
        this.required = required;
        this.writer = writer;
        this.clock = clock;
        this.newDay = newDay;
        this.listeners = listeners;
    }

    /**
     * @param raw      the event as the input received it
     * @param endpoint MozDef's {@code endpoint} value ({@code events}, {@code cef}, a custom application name)
     * @param custom   a custom endpoint: stored as sent, without key mapping
     * @param id       a stable id from the source (created under it: a redelivery finds it stored), or {@code null}
     */
    public CompletableFuture<Outcome> ingest(ObjectNode raw, String endpoint, boolean custom, String id) {
        return counted(custom ? customEndpoint(endpoint) : endpoint, mapped(raw, endpoint, custom, id));
    }

    private CompletableFuture<Outcome> mapped(ObjectNode raw, String endpoint, boolean custom, String id) {
        Instant received = clock.instant();
        ObjectNode event;
        if (custom) {
            // Plugins change the event in place; the raw event stays as received for a dead letter.
            event = raw.deepCopy();
            event.put("endpoint", endpoint);
            event.put("customendpoint", true);
        } else {
            // Key mapping builds a new event and drops keys it does not know, such as loginput's endpoint.
            try {
                event = mapping.map(raw);
            } catch (RejectedEventException e) {
                return deadLetter(raw, endpoint, null, "normalisation", e.getMessage(), received);
            }
        }
        return enrichAndIndex(raw, event, endpoint, id, received);
    }

    /**
     * One event an input has already put into MozDef's schema (an SNS notification, a CloudTrail record), from the
     * plugin chain on; {@code event} is also what a dead letter keeps.
     */
    public CompletableFuture<Outcome> ingestNormalised(ObjectNode event, String endpoint, String id) {
        return counted(endpoint, enrichAndIndex(event.deepCopy(), event, endpoint, id, clock.instant()));
    }

    /** What became of the events so far, by endpoint and fate; {@code failed}: not confirmed (the input retries). */
    public List<Count> counts() {
        List<Count> list = new ArrayList<>();
        Fate[] fates = Fate.values();
        counts.forEach((endpoint, byFate) -> {
            for (int i = 0; i < byFate.length; i++) {
                long events = byFate[i].sum();
                if (events > 0) {
                    list.add(new Count(endpoint, i < fates.length ? fates[i].name().toLowerCase(Locale.ROOT) : "failed", events));
                }
            }
        });
        return list;
    }

    /** The name a custom endpoint is counted under: its own for the first {@value #CUSTOM_ENDPOINTS_COUNTED}. */
    private String customEndpoint(String endpoint) {
        if (customCounted.contains(endpoint) || customCounted.size() < CUSTOM_ENDPOINTS_COUNTED && customCounted.add(endpoint)) {
            return endpoint;
        }
        return OTHER_ENDPOINTS;
    }

    private CompletableFuture<Outcome> counted(String endpoint, CompletableFuture<Outcome> outcome) {
        LongAdder[] byFate = counts.computeIfAbsent(String.valueOf(endpoint), name -> {
            LongAdder[] adders = new LongAdder[Fate.values().length + 1];
            Arrays.setAll(adders, i -> new LongAdder());
            return adders;
        });
        return outcome.whenComplete((done, failure) -> byFate[failure != null ? byFate.length - 1 : done.fate().ordinal()].increment());
    }

    private CompletableFuture<Outcome> enrichAndIndex(ObjectNode raw, ObjectNode event, String endpoint, String id, Instant received) {
        JsonEvent travelling = new JsonEvent(event, IndexNames.EVENTS_ALIAS, id);
        if (chain.process(travelling) == PluginChain.Outcome.DROPPED) {
            return CompletableFuture.completedFuture(new Outcome(Fate.DROPPED, null, null, null));
        }
        required.addTo(travelling.document());
        String index = IndexNames.EVENTS_ALIAS.equals(travelling.index()) ? dailyIndex(received) : travelling.index();
        byte[] source;
        try {
            source = JSON.writeValueAsBytes(travelling.document());
        } catch (JsonProcessingException e) {
            return deadLetter(raw, endpoint, index, "serialisation", e.getOriginalMessage(), received);
        }
        return writer.index(index, travelling.id(), source).thenCompose(result -> {
            if (result.indexed()) {
                listeners.accept(new Indexed(result.index(), result.id(), travelling.document()));
            }
            return result.indexed() || result.exists()
                    ? CompletableFuture.completedFuture(new Outcome(result.indexed() ? Fate.INDEXED : Fate.ALREADY_STORED, result.index(), result.id(), null))
                    : deadLetter(raw, endpoint, index, result.errorType(), result.reason(), received);
        });
    }

    /**
     * Stores what an input received but could not read as events (a message body that is no JSON) in the dead-letter
     * index, so it is neither lost nor redelivered forever.
     */
    public CompletableFuture<Outcome> deadLetter(String original, String endpoint, String errorType, String reason) {
        return counted(endpoint, deadLetter(original, endpoint, null, errorType, reason, clock.instant()));
    }

    /** Prepares today's indices ahead of the first event (a dead letter may come before any daily index is needed). */
    public void prepare() {
        ensureDay(clock.instant().atZone(ZoneOffset.UTC).toLocalDate());
    }

    private String dailyIndex(Instant received) {
        ensureDay(received.atZone(ZoneOffset.UTC).toLocalDate());
        return IndexNames.eventsIndex(received);
    }

    private void ensureDay(LocalDate today) {
        if (!today.equals(day)) {
            synchronized (this) {
                if (!today.equals(day) && newDay.test(today)) {
                    day = today;
                }
            }
        }
    }

    private CompletableFuture<Outcome> deadLetter(ObjectNode raw, String endpoint, String target, String errorType, String reason,
            Instant received) {
        return deadLetter(raw.toString(), endpoint, target, errorType, reason, received);
    }

    private CompletableFuture<Outcome> deadLetter(String original, String endpoint, String target, String errorType, String reason,
            Instant received) {
        ObjectNode letter = JsonNodeFactory.instance.objectNode();
        letter.put("receivedtimestamp", ToUtc.isoformat(received.atOffset(ZoneOffset.UTC)));
        letter.put("endpoint", endpoint);
        letter.put("target_index", target);
        letter.put("error_type", errorType);
        letter.put("reason", reason);
        letter.put("original", original);
        byte[] source;
        try {
            source = JSON.writeValueAsBytes(letter);
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(new CompletionException(e));
        }
        return writer.index(IndexNames.DEADLETTER_INDEX, null, source).thenApply(result -> {
            if (!result.indexed()) {
                throw new CompletionException(new UnavailableException(
                        "the dead-letter index refused an event too: " + result.reason()));
            }
            return new Outcome(Fate.DEADLETTERED, result.index(), result.id(), reason);
        });
    }
}

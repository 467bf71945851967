package io.vigil.api.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The event pipeline, as an OSGi service: MozDef normalisation, the plugin chain, the required fields, Elasticsearch.
 * Each returned future completes only when the event is indexed, dropped on purpose by a plugin, or stored in
 * {@code events-deadletter} with the reason; it fails with {@link UnavailableException} when Elasticsearch could not
 * confirm it, and the input then keeps the event (no acknowledgement, a 503) for its sender to send again.
 */
@ProviderType
public interface Pipeline {

    /**
     * @param raw      the event as the input received it
     * @param endpoint MozDef's {@code endpoint} value ({@code events}, {@code cef}, a custom application name)
     * @param custom   a custom endpoint: stored as sent, without key mapping
     * @param id       a stable id from the source, or {@code null}: the document is created under it, and a redelivery
     *                 finds it stored ({@link Outcome.Fate#ALREADY_STORED}) rather than replacing it
     */
    CompletableFuture<Outcome> ingest(ObjectNode raw, String endpoint, boolean custom, String id);

    /**
     * One event the input has already put into MozDef's schema (an SNS notification, a CloudTrail record), from the
     * plugin chain on; {@code event} is also what a dead letter keeps.
     */
    CompletableFuture<Outcome> ingestNormalised(ObjectNode event, String endpoint, String id);

    /**
     * Stores what an input received but could not read as events (a message body that is no JSON) in the dead-letter
     * index, so it is neither lost nor redelivered forever.
     */
    CompletableFuture<Outcome> deadLetter(String original, String endpoint, String errorType, String reason);

    /** The budget of bytes every input takes from before it reads what it received. */
    InFlight inFlight();

    /** The event plugins in the order they run, with what they did since they were deployed. */
    List<PluginState> plugins();
}

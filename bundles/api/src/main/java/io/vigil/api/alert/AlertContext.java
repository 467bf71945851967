package io.vigil.api.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** What a Java {@link AlertRule} may ask during a run. */
@ProviderType
public interface AlertContext {

    /** The end of the run's window, the rule's "now". */
    Instant now();

    /**
     * Up to {@code size} events (Elasticsearch hits: {@code _index}, {@code _id}, {@code _source}) matching {@code query}
     * (an Elasticsearch query object) whose {@code utctimestamp} or {@code receivedtimestamp} is in the run's window,
     * less those the rule already alerted on.
     */
    JsonNode search(ObjectNode query, int size) throws Exception;

    /** The name reverse DNS gives {@code address}, if it is an address and has one (answers are cached). */
    Optional<String> hostname(String address);

    /**
     * Up to {@code size} documents (hits) matching {@code query} in one of the rule's own state indices, such as
     * geomodel's {@code localities}; none while it does not exist. Its string fields are keywords: match them exactly.
     */
    JsonNode searchState(String index, ObjectNode query, int size) throws Exception;

    /**
     * Writes {@code document} to one of the rule's state indices (created on first use) under {@code id}, or a new id
     * when it is {@code null}, searchable at once; a dry run (rule testing) writes nothing. @return the id
     */
    String saveState(String index, String id, ObjectNode document) throws Exception;
}

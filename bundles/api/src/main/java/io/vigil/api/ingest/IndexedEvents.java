package io.vigil.api.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Sees every event right after Elasticsearch confirmed it, as stored: streaming detection (the Sigma engine) registers
 * one as a service. Called on the pipeline's own thread while the input waits for its acknowledgement, so an
 * implementation only takes note (a bounded queue) and never blocks; what it throws is logged and ignored. An event a
 * redelivery found already stored is not seen again.
 */
@ConsumerType
public interface IndexedEvents {

    /**
     * @param index the index the event is in ({@code events-YYYYMMDD})
     * @param id    its document id
     * @param event its source, not to be changed
     */
    void indexed(String index, String id, ObjectNode event);
}

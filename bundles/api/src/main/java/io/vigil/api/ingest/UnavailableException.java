package io.vigil.api.ingest;

/**
 * Elasticsearch did not confirm an event (unreachable, overloaded, refusing Vigil's credentials) or the pipeline is
 * full or stopping: the event is not stored, and the input keeps it for its sender to send again.
 */
public class UnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnavailableException(String message) {
        super(message);
    }
}

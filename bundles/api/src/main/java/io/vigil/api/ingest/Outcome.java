package io.vigil.api.ingest;

/**
 * What became of one event: its fate and, when it was stored, the index and id; for a dead letter, the reason.
 */
public record Outcome(Fate fate, String index, String id, String reason) {

    /**
     * {@code ALREADY_STORED}: an event with an id from its source (a message id, a client's {@code _id}) found a
     * document of that id stored before, which it does not replace: a redelivery, confirmed as stored.
     */
    public enum Fate { INDEXED, DROPPED, DEADLETTERED, ALREADY_STORED }
}

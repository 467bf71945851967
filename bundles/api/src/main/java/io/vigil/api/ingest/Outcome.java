package io.vigil.api.ingest;

/**
 * What became of one event: its fate and, when it was stored, the index and id; for a dead letter, the reason.
 */
public record Outcome(Fate fate, String index, String id, String reason) {

    public enum Fate { INDEXED, DROPPED, DEADLETTERED }
}

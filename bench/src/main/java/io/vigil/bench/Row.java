package io.vigil.bench;

/** One row of the ingest benchmark: a way of getting the workload into Elasticsearch, timed from first send to last confirmation. */
abstract class Row {

    private final String name;
    private final boolean vigil;

    /** @param vigil whether Vigil does the work (its CPU and memory are reported), or a bare client measuring a ceiling */
    Row(String name, boolean vigil) {
        this.name = name;
        this.vigil = vigil;
    }

    final String name() {
        return name;
    }

    final boolean vigil() {
        return vigil;
    }

    /** Untimed, after the benchmark deleted every index the rows write: an empty queue, the baseline's index. */
    abstract void prepare() throws Exception;

    /** Timed: sends every event and returns once each is confirmed (searchable, or acknowledged by the bare consumer). */
    abstract void run(Workload workload) throws Exception;

    /** Untimed, after {@link #run}: what the row set up for itself is undone. */
    void finish() throws Exception {
    }
}

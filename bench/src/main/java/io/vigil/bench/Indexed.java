package io.vigil.bench;

import java.io.IOException;

/**
 * The end of a row that writes to Elasticsearch: every event searchable, at the index's own refresh interval (a queue
 * input answers nobody, and a forced refresh at every poll would cost Elasticsearch a segment each time).
 */
final class Indexed {

    private static final long POLL_MILLIS = 100;

    private Indexed() {
    }

    /** Long enough for any row that is merely slow (100 events/s), short enough that a stuck one ends. */
    static long timeoutSeconds(Workload workload) {
        return Math.max(120, workload.size() / 100);
    }

    static void await(Elasticsearch es, String pattern, String row, long expected, long timeoutSeconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        long count = 0;
        while (System.nanoTime() < deadline) {
            count = es.searchableCount(pattern);
            if (count >= expected) {
                return;
            }
            Thread.sleep(POLL_MILLIS);
        }
        throw new IOException(row + ": " + count + " of " + expected + " events searchable after " + timeoutSeconds + " s");
    }
}

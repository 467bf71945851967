package io.vigil.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;

/**
 * Event posted → seen: events go to {@code /events} (or, for the baseline, straight to Elasticsearch) at a steady
 * rate, and probes among them (each request's first event, or the events a predicate picks) are looked for every
 * {@value #POLL_MILLIS} ms until found — searchable as events, or in the alerts raised on them; a latency is from the
 * moment its request left to the answer of the search that found it (so a figure is at most one poll late, never
 * early).
 */
final class Latency {

    static final int POLL_MILLIS = 25;

    /** Latencies in ms, sorted; {@code unseen} probes were never found. */
    record Result(List<Double> millis, int unseen, PacedSender.Result sending) {

        double percentile(double p) {
            if (millis.isEmpty()) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(p / 100.0 * millis.size());
            return millis.get(Math.max(0, rank - 1));
        }
    }

    /** Which of the probes' {@code benchseq} values a search finds now. */
    interface Finder {
        Set<String> found(Collection<String> seqs) throws IOException;
    }

    private final PacedSender sender;
    private final Finder finder;
    private final IntPredicate probes;

    /** Each request's first event, searchable among the indices the sender's events land in ({@code pattern}). */
    Latency(Elasticsearch es, PacedSender sender, String pattern) {
        this(sender, seqs -> es.searchable(pattern, seqs), null);
    }

    /** @param probes the events looked for, by {@code benchseq}; {@code null}: each request's first */
    Latency(PacedSender sender, Finder finder, IntPredicate probes) {
        this.sender = sender;
        this.finder = finder;
        this.probes = probes;
    }

    Result run(Workload workload, int firstSeq, double rate, Duration duration) throws IOException, InterruptedException {
        Map<String, Long> pending = new ConcurrentHashMap<>();
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        Thread prober = new Thread(() -> probe(pending, latencies), "bench-latency-probe");
        prober.start();
        PacedSender.Result sending = sender.run(workload, firstSeq, rate, duration, (from, to, nanos) -> {
            for (int seq = from; seq < to; seq++) {
                if (probes == null ? seq == from : probes.test(seq)) {
                    pending.put(Integer.toString(seq), nanos);
                }
            }
        });
        // Whatever is still unseen a while after the last answer never will be.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(POLL_MILLIS);
        }
        prober.interrupt();
        prober.join();
        List<Double> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new Result(sorted, pending.size(), sending);
    }

    private void probe(Map<String, Long> pending, List<Double> latencies) {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                if (!pending.isEmpty()) {
                    Set<String> found = finder.found(List.copyOf(pending.keySet()));
                    long now = System.nanoTime();
                    for (String seq : found) {
                        Long sent = pending.remove(seq);
                        if (sent != null) {
                            latencies.add((now - sent) / 1e6);
                        }
                    }
                }
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                // A search that failed is one poll later; the probes stay pending.
            }
        }
    }
}

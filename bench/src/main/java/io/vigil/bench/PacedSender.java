package io.vigil.bench;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Posts events at a steady rate (a request every {@value #PERIOD_MILLIS} ms, without waiting for answers, as a busy
 * shipper does), for the latency and hot-deploy rows: to Vigil's {@code /events} as NDJSON, or for the latency
 * baseline straight to Elasticsearch's {@code _bulk}. {@code probe} gets each request's {@code benchseq} range and the
 * moment it left.
 */
final class PacedSender {

    static final int PERIOD_MILLIS = 20;

    /**
     * What became of the events sent: accepted (answered 200), or refused (any other answer, or none); and how long
     * after the last request its answers kept coming (well above the indexing time means Vigil fell behind the rate).
     */
    record Result(int sent, int accepted, int refused, List<String> errors, double drainSeconds) {
    }

    /** A request's events, {@code fromSeq} (its first) to {@code toSeq} (excluded), and when it was posted. */
    interface Probe {
        void sent(int fromSeq, int toSeq, long nanos);
    }

    private static final byte[] INDEX_ACTION = "{\"index\":{}}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private final HttpClient http;
    private final URI target;
    private final boolean bulk;

    private PacedSender(HttpClient http, URI target, boolean bulk) {
        this.http = http;
        this.target = target;
        this.bulk = bulk;
    }

    static PacedSender toVigil(HttpClient http, URI vigil) {
        return new PacedSender(http, vigil.resolve("/events"), false);
    }

    static PacedSender toElasticsearch(HttpClient http, URI elasticsearch, String index) {
        return new PacedSender(http, elasticsearch.resolve("/" + index + "/_bulk"), true);
    }

    /** Sends {@code rate} events/s from {@code workload} (numbered from {@code firstSeq}) for {@code duration}, then awaits every answer. */
    Result run(Workload workload, int firstSeq, double rate, Duration duration, Probe probe) throws InterruptedException {
        List<byte[]> events = workload.events();
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        ConcurrentLinkedQueue<CompletableFuture<Void>> answers = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        double perRequest = rate * PERIOD_MILLIS / 1000.0;
        long requests = duration.toMillis() / PERIOD_MILLIS;
        AtomicInteger next = new AtomicInteger();
        AtomicInteger ticks = new AtomicInteger();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        timer.scheduleAtFixedRate(() -> {
            int tickNumber = ticks.getAndIncrement();
            if (tickNumber >= requests) {
                return;
            }
            // Fractional rates accumulate: request n carries the events due by its time.
            int from = next.get();
            int to = Math.min(events.size(), (int) Math.round((tickNumber + 1) * perRequest));
            if (to <= from) {
                return;
            }
            next.set(to);
            ByteArrayOutputStream body = new ByteArrayOutputStream((to - from) * 600);
            for (byte[] event : events.subList(from, to)) {
                if (bulk) {
                    body.writeBytes(INDEX_ACTION);
                }
                body.writeBytes(event);
                body.write('\n');
            }
            int count = to - from;
            long sentAt = System.nanoTime();
            if (probe != null) {
                probe.sent(firstSeq + from, firstSeq + to, sentAt);
            }
            answers.add(http.sendAsync(HttpRequest.newBuilder(target).timeout(Duration.ofMinutes(2))
                    .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                    HttpResponse.BodyHandlers.ofString()).handle((response, failure) -> {
                        if (failure == null && response.statusCode() == 200) {
                            accepted.addAndGet(count);
                        } else {
                            refused.addAndGet(count);
                            if (errors.size() < 5) {
                                errors.add(failure != null ? failure.toString() : response.statusCode() + " " + response.body());
                            }
                        }
                        return null;
                    }));
        }, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        while (ticks.get() < requests) {
            Thread.sleep(PERIOD_MILLIS);
        }
        timer.shutdown();
        timer.awaitTermination(10, TimeUnit.SECONDS);
        long lastSent = System.nanoTime();
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).join();
        return new Result(next.get(), accepted.get(), refused.get(), List.copyOf(errors), (System.nanoTime() - lastSent) / 1e9);
    }
}

package io.vigil.itests;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Load on a Vigil instance's HTTP input while a fault happens: {@code senders} threads post batches of numbered
 * events, each batch sent again until acknowledged (as a shipper does), and remember which numbers were acknowledged;
 * afterwards every acknowledged number must be stored.
 */
final class EventLoad implements Runnable {

    /** What is done to the running system while the load goes on. */
    @FunctionalInterface
    interface Fault {
        void happen() throws Exception;
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final int BATCH = 20;
    /** Events per load at most, so one search can list them all. */
    private static final int EVENTS = 9500;

    final String marker = "m" + UUID.randomUUID().toString().replace("-", "");
    final BitSet acknowledged = new BitSet();
    final AtomicInteger acked = new AtomicInteger();
    final AtomicInteger unavailable = new AtomicInteger();
    final AtomicInteger unreachable = new AtomicInteger();
    /** The body of the last 503, which says why. */
    final AtomicReference<String> refusal = new AtomicReference<>("");
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private final VigilInstance vigil;

    EventLoad(VigilInstance vigil, int senders) {
        this.vigil = vigil;
        for (int i = 0; i < senders; i++) {
            threads.add(new Thread(this, "load-" + i));
        }
    }

    /**
     * Starts the load, lets 500 events be acknowledged, makes the fault happen, waits until 500 more are acknowledged
     * after it, stops, and checks that every acknowledged event is stored.
     */
    void through(String what, Fault fault) throws Exception {
        threads.forEach(Thread::start);
        await().atMost(60, SECONDS).until(() -> acked.get() >= 500);
        fault.happen();
        int after = acked.get();
        await().atMost(120, SECONDS).until(() -> acked.get() >= after + 500);
        running.set(false);
        for (Thread thread : threads) {
            thread.join();
        }
        assertAllAcknowledgedIndexed();
        // The figures of the README's table of faults.
        System.out.printf("%s, %d senders: %d events acknowledged, all stored; %d answers 503, %d requests unanswered%n", what, threads.size(),
                acknowledged.cardinality(), unavailable.get(), unreachable.get());
    }

    /** Sends a batch until it is acknowledged, then the next. */
    @Override
    public void run() {
        int first = -1;
        while (running.get()) {
            if (first < 0 && (first = next.getAndAdd(BATCH)) >= EVENTS) {
                return;
            }
            StringBuilder body = new StringBuilder();
            for (int i = first; i < first + BATCH; i++) {
                body.append("{\"summary\":\"").append(marker).append("\",\"details\":{\"seq\":").append(i).append("}}\n");
            }
            try {
                HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(vigil.httpUrl() + "/events"))
                        .timeout(Duration.ofSeconds(90)).POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                        HttpResponse.BodyHandlers.ofString());
                // Paced, so the load lasts through an outage and its recovery.
                pause();
                if (answer.statusCode() == 200) {
                    synchronized (acknowledged) {
                        acknowledged.set(first, first + BATCH);
                    }
                    acked.addAndGet(BATCH);
                    first = -1;
                } else if (answer.statusCode() == 503) {
                    unavailable.incrementAndGet();
                    refusal.set(answer.body());
                }
            } catch (Exception e) {
                unreachable.incrementAndGet();
                pause();
            }
        }
    }

    /** Events of this load in the dead-letter index. */
    int deadLettered() throws Exception {
        HttpResponse<String> letters = HTTP.send(HttpRequest.newBuilder(URI.create(vigil.esUrl() + "/events-deadletter/_count?q=" + marker)).build(),
                HttpResponse.BodyHandlers.ofString());
        return letters.statusCode() == 404 ? 0 : JSON.readTree(letters.body()).path("count").asInt();
    }

    private void assertAllAcknowledgedIndexed() {
        BitSet indexed = new BitSet();
        await().atMost(60, SECONDS).until(() -> {
            indexed.clear();
            HttpResponse<String> found = HTTP.send(HttpRequest.newBuilder(URI.create(vigil.esUrl() + "/events-2*/_search?size=10000&q=summary:"
                    + marker + "&_source=details.seq")).build(), HttpResponse.BodyHandlers.ofString());
            for (JsonNode hit : JSON.readTree(found.body()).path("hits").path("hits")) {
                indexed.set(hit.at("/_source/details/seq").asInt());
            }
            BitSet missing = (BitSet) acknowledged.clone();
            missing.andNot(indexed);
            return missing.isEmpty();
        });
        assertTrue("acknowledged " + acknowledged.cardinality(), acknowledged.cardinality() >= 1000);
    }

    private static void pause() {
        LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
}

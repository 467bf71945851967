package io.vigil.itests;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.BitSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * No loss of an acknowledged event: under continuous load, Elasticsearch is stopped and started again, and the
 * container is killed with SIGKILL and started again; every event that got a 200 must then be in Elasticsearch.
 * This instance runs its own Elasticsearch, since the test stops it.
 */
public class DeliveryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final int BATCH = 20;
    /** Events per test at most, so one search can list them all. */
    private static final int EVENTS = 9500;
    private static VigilInstance vigil;

    @BeforeClass
    public static void startVigil() throws Exception {
        vigil = new VigilInstance("delivery").start();
    }

    @AfterClass
    public static void stopVigil() throws Exception {
        VigilInstance.stop(vigil);
    }

    /** Posts batches of numbered events until stopped, and remembers which numbers were acknowledged. */
    private static final class Load implements Runnable {
        final String marker = "m" + UUID.randomUUID().toString().replace("-", "");
        final BitSet acknowledged = new BitSet();
        final AtomicInteger acked = new AtomicInteger();
        final AtomicInteger unavailable = new AtomicInteger();
        final AtomicInteger unreachable = new AtomicInteger();
        final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread = new Thread(this, "load");
        private int next;

        Load start() {
            thread.start();
            return this;
        }

        @Override
        public void run() {
            while (running.get() && next < EVENTS) {
                StringBuilder body = new StringBuilder();
                int first = next;
                for (int i = 0; i < BATCH; i++, next++) {
                    body.append("{\"summary\":\"").append(marker).append("\",\"details\":{\"seq\":").append(next).append("}}\n");
                }
                try {
                    HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(vigil.httpUrl() + "/events"))
                            .timeout(Duration.ofSeconds(90)).POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                            HttpResponse.BodyHandlers.ofString());
                    // Paced, so the load lasts through an outage and its recovery.
                    sleepBriefly();
                    if (answer.statusCode() == 200) {
                        synchronized (acknowledged) {
                            acknowledged.set(first, first + BATCH);
                        }
                        acked.addAndGet(BATCH);
                    } else if (answer.statusCode() == 503) {
                        unavailable.incrementAndGet();
                    }
                } catch (Exception e) {
                    unreachable.incrementAndGet();
                    sleepBriefly();
                }
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }

        private static void sleepBriefly() {
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }

    @Test
    public void elasticsearchStoppedMidLoadGives503AndLosesNothingAcknowledged() throws Exception {
        Load load = new Load().start();
        await().atMost(60, SECONDS).until(() -> load.acked.get() >= 500);
        assertEquals(0, vigil.vigil("services", "stop", "elasticsearch").exit());
        await().atMost(60, SECONDS).until(() -> load.unavailable.get() >= 3);
        VigilInstance.Result restart = vigil.vigil("services", "start", "elasticsearch");
        assertEquals(restart.out(), 0, restart.exit());
        int before = load.acked.get();
        await().atMost(120, SECONDS).until(() -> load.acked.get() >= before + 500);
        load.stop();
        assertAllAcknowledgedIndexed(load);
    }

    @Test
    public void containerKilledMidLoadLosesNothingAcknowledged() throws Exception {
        Load load = new Load().start();
        await().atMost(60, SECONDS).until(() -> load.acked.get() >= 500);
        long pid = JSON.readTree(vigil.vigil("status", "--json").out()).at("/karaf/pid").asLong();
        new ProcessBuilder("kill", "-KILL", "--", "-" + pid).inheritIO().start().waitFor();
        await().atMost(30, SECONDS).until(() -> ProcessHandle.of(pid).map(process -> !process.isAlive()).orElse(true));
        await().atMost(30, SECONDS).until(() -> load.unreachable.get() >= 3);
        VigilInstance.Result run = vigil.vigil("run");
        assertEquals(run.out(), 0, run.exit());
        int before = load.acked.get();
        await().atMost(120, SECONDS).until(() -> load.acked.get() >= before + 500);
        load.stop();
        assertAllAcknowledgedIndexed(load);
    }

    private static void assertAllAcknowledgedIndexed(Load load) throws Exception {
        BitSet indexed = new BitSet();
        await().atMost(60, SECONDS).until(() -> {
            indexed.clear();
            HttpResponse<String> found = HTTP.send(HttpRequest.newBuilder(URI.create(vigil.esUrl() + "/events-2*/_search?size=10000&q=summary:"
                    + load.marker + "&_source=details.seq")).build(), HttpResponse.BodyHandlers.ofString());
            for (JsonNode hit : JSON.readTree(found.body()).path("hits").path("hits")) {
                indexed.set(hit.at("/_source/details/seq").asInt());
            }
            BitSet missing = (BitSet) load.acknowledged.clone();
            missing.andNot(indexed);
            return missing.isEmpty();
        });
        assertTrue("acknowledged " + load.acknowledged.cardinality(), load.acknowledged.cardinality() >= 1000);
    }
}

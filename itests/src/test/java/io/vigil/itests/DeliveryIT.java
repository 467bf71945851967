package io.vigil.itests;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * No loss of an acknowledged event: under continuous load ({@link EventLoad}), Elasticsearch is stopped and started
 * again, frozen, and the container is killed with SIGKILL and started again; every event that got a 200 must then be
 * in Elasticsearch.
 * This instance runs its own Elasticsearch, since the test stops it.
 */
public class DeliveryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static VigilInstance vigil;

    private static int syslogPort;

    @BeforeClass
    public static void startVigil() throws Exception {
        vigil = new VigilInstance("delivery");
        syslogPort = VigilInstance.freePort();
        vigil.environment.put("VIGIL_SYSLOG_ENABLED", "true");
        vigil.environment.put("VIGIL_SYSLOG_PORT", Integer.toString(syslogPort));
        vigil.start();
    }

    @AfterClass
    public static void stopVigil() throws Exception {
        VigilInstance.stop(vigil);
    }

    @Test
    public void elasticsearchStoppedMidLoadGives503AndLosesNothingAcknowledged() throws Exception {
        EventLoad load = new EventLoad(vigil, 1);
        load.through("Elasticsearch stopped and started", () -> {
            assertEquals(0, vigil.vigil("services", "stop", "elasticsearch").exit());
            await().atMost(60, SECONDS).until(() -> load.unavailable.get() >= 3);
            VigilInstance.Result restart = vigil.vigil("services", "start", "elasticsearch");
            assertEquals(restart.out(), 0, restart.exit());
        });
    }

    @Test
    public void containerKilledMidLoadFromSeveralSendersLosesNothingAcknowledged() throws Exception {
        EventLoad load = new EventLoad(vigil, 4);
        load.through("Vigil killed (SIGKILL) and started", () -> {
            vigil.kill();
            await().atMost(30, SECONDS).until(() -> load.unreachable.get() >= 3);
            VigilInstance.Result run = vigil.vigil("run");
            assertEquals(run.out(), 0, run.exit());
        });
    }

    /**
     * Elasticsearch frozen (SIGSTOP) for 25 s, as a long garbage collection or a stalled disk does, under load from
     * several HTTP senders and a syslog sender over TCP: HTTP requests wait or get 503, the syslog connection is not
     * read meanwhile (its sender's writes wait), and once it thaws every acknowledged event and every syslog line
     * written is stored, none dead-lettered.
     */
    @Test
    public void elasticsearchFrozenMidLoadLosesNothingAcknowledged() throws Exception {
        String es = Long.toString(JSON.readTree(vigil.vigil("status", "--json").out()).at("/elasticsearch/pid").asLong());
        String marker = "s" + UUID.randomUUID().toString().replace("-", "");
        int lines = 3000;
        CompletableFuture<Void> syslog = CompletableFuture.runAsync(() -> {
            try (Socket socket = new Socket("127.0.0.1", syslogPort); Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8)) {
                for (int i = 0; i < lines; i++) {
                    out.write("<13>Dec  8 10:00:00 fw1 app: " + marker + " line " + i + "\n");
                    out.flush();
                    // Paced over some 30 s, so the freeze falls in the middle.
                    LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        EventLoad load = new EventLoad(vigil, 4);
        load.through("Elasticsearch frozen (SIGSTOP) 25 s", () -> {
            new ProcessBuilder("kill", "-STOP", es).inheritIO().start().waitFor();
            try {
                // The fault lasts 25 s: a duration, not an outcome to wait for.
                Thread.sleep(Duration.ofSeconds(25).toMillis());
            } finally {
                new ProcessBuilder("kill", "-CONT", es).inheritIO().start().waitFor();
            }
        });
        assertEquals(0, load.deadLettered());
        syslog.get(180, SECONDS);
        await().atMost(120, SECONDS).until(() -> count("summary:" + marker), stored -> stored == lines);
    }

    /**
     * The indices under Elasticsearch's flood-stage block (read-only, deletes allowed), as when its disk fills: Vigil
     * answers 503 naming it, dead-letters nothing, and stores everything once the block is lifted.
     */
    @Test
    public void indicesUnderTheFloodStageBlockGive503NamingItAndNothingDeadLettered() throws Exception {
        EventLoad load = new EventLoad(vigil, 2);
        load.through("the events indices under the flood-stage block", () -> {
            floodStage(true);
            try {
                await().atMost(60, SECONDS).until(() -> load.unavailable.get() >= 3);
            } finally {
                floodStage(false);
            }
        });
        assertTrue(load.refusal.get(), load.refusal.get().contains("flood-stage watermark"));
        assertEquals(0, load.deadLettered());
    }

    private static void floodStage(boolean on) throws Exception {
        new Elasticsearch(vigil.esUrl()).request("PUT", "/events-*/_settings", "{\"index.blocks.read_only_allow_delete\":" + (on ? "true" : "null") + "}");
    }

    private static long count(String query) throws Exception {
        return new Elasticsearch(vigil.esUrl()).request("GET", "/events-2*/_count?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8), null)
                .path("count").asLong();
    }
}

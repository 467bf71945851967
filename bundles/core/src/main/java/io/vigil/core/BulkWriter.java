package io.vigil.core;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.api.ingest.UnavailableException;
import io.vigil.elasticsearch.Elasticsearch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexes documents through Elasticsearch's {@code _bulk} API, batching what concurrent callers submit into
 * one request (flushed by count, bytes or a short linger), and completes each caller's future with the
 * result of its own document. A document Elasticsearch refuses completes with its status and reason; an
 * Elasticsearch that cannot be reached, or that pushes back (429, 503), fails the future with
 * {@link UnavailableException}, so the caller can answer "try again" without having lost anything it confirmed.
 */
public final class BulkWriter implements AutoCloseable {

    /** What Elasticsearch said of one document. */
    public record Result(String index, String id, int status, String errorType, String reason) {

        public boolean indexed() {
            return status >= 200 && status < 300;
        }

        /** A document of this id was there already (documents with an id are created, never replaced). */
        public boolean exists() {
            return status == 409 && "version_conflict_engine_exception".equals(errorType);
        }
    }

    /** Batching and back-pressure limits. */
    public record Settings(int maxActions, int maxBytes, Duration linger, int concurrentRequests, int queueCapacity, Duration timeout) {

        public static Settings defaults() {
            return new Settings(5000, 8 * 1024 * 1024, Duration.ofMillis(5), 2, 50_000, Duration.ofSeconds(60));
        }
    }

    private record Operation(String index, String id, byte[] source, CompletableFuture<Result> result) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(BulkWriter.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] NEWLINE = {'\n'};
    private static final byte[] ACTION_INDEX = "{\"index\":{\"_index\":".getBytes(StandardCharsets.UTF_8);
    // A document with an id is created: a redelivery of it conflicts instead of replacing what was stored, and no
    // sender can overwrite a stored event by naming its id.
    private static final byte[] ACTION_CREATE = "{\"create\":{\"_index\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] ACTION_ID = ",\"_id\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] ACTION_END = "}}\n".getBytes(StandardCharsets.UTF_8);

    // Only what complete() reads: Elasticsearch's full answer is about three times as long, parsed for every batch.
    private static final String BULK = "/_bulk?filter_path=items.*._index,items.*._id,items.*.status,items.*.error.type,items.*.error.reason";

    private final Elasticsearch elasticsearch;
    private final Settings settings;
    private final BlockingQueue<Operation> queue;
    private final Semaphore inFlight;
    private final Thread flusher;
    private volatile boolean closed;
    private final LongAdder requests = new LongAdder();
    private final LongAdder failedRequests = new LongAdder();
    private final LongAdder documents = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder nanos = new LongAdder();

    /**
     * What the writer has done since it started: bulk requests sent and failed (no answer, 429, 5xx), documents sent
     * and refused (queue full), the time requests took, and what waits in the queue now.
     */
    public record Stats(long requests, long failedRequests, long documents, long refused, double seconds, int queued) {
    }

    public BulkWriter(Elasticsearch elasticsearch, Settings settings) {
        this.elasticsearch = elasticsearch;
        this.settings = settings;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.inFlight = new Semaphore(settings.concurrentRequests());
        this.flusher = new Thread(this::flushLoop, "vigil-bulk-writer");
        this.flusher.setDaemon(true);
        this.flusher.start();
    }

    /** Queues one document; {@code id} may be {@code null} to let Elasticsearch choose one, else it is created under it ({@link Result#exists()} when it was there). */
    public CompletableFuture<Result> index(String index, String id, byte[] source) {
        CompletableFuture<Result> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(new UnavailableException("Vigil is stopping"));
        } else if (!queue.offer(new Operation(index, id, source, result))) {
            refused.increment();
            result.completeExceptionally(new UnavailableException("indexing queue full (" + settings.queueCapacity() + " documents): Elasticsearch is not keeping up"));
        }
        return result;
    }

    private void flushLoop() {
        while (!closed || !queue.isEmpty()) {
            Operation first;
            try {
                first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            // A free request slot first, then the batch: what arrives while Elasticsearch is busy joins the next
            // request instead of queueing behind it as many small ones (each costs Elasticsearch a translog sync).
            try {
                inFlight.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(List.of(first), "Vigil is stopping");
                return;
            }
            send(batch(first));
        }
    }

    /** {@code first} and what follows it within the linger, up to the batch limits. */
    private List<Operation> batch(Operation first) {
        List<Operation> batch = new ArrayList<>();
        batch.add(first);
        long bytes = first.source().length;
        long deadline = System.nanoTime() + settings.linger().toNanos();
        while (batch.size() < settings.maxActions() && bytes < settings.maxBytes()) {
            Operation next = queue.poll();
            if (next == null) {
                long wait = deadline - System.nanoTime();
                try {
                    next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : null;
                } catch (InterruptedException e) {
                    // What is collected still goes; the loop then ends.
                    Thread.currentThread().interrupt();
                }
                if (next == null) {
                    break;
                }
            }
            batch.add(next);
            bytes += next.source().length;
        }
        return batch;
    }

    private void send(List<Operation> batch) {
        byte[] body = body(batch);
        HttpRequest request = elasticsearch.request(BULK)
                .timeout(settings.timeout())
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        long started = System.nanoTime();
        requests.increment();
        documents.add(batch.size());
        elasticsearch.client().sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, failure) -> {
            inFlight.release();
            nanos.add(System.nanoTime() - started);
            if (failure != null) {
                failedRequests.increment();
                fail(batch, "Elasticsearch at " + elasticsearch.describe() + " is unreachable: " + failure.getMessage());
            } else if (response.statusCode() == 429 || response.statusCode() >= 500) {
                failedRequests.increment();
                fail(batch, "Elasticsearch answered " + response.statusCode() + " to a bulk request");
            } else if (response.statusCode() == 401 || response.statusCode() == 403) {
                // Credentials are the configuration's fault, not the events': they wait (503, unacked) until it is mended.
                failedRequests.increment();
                fail(batch, "Elasticsearch at " + elasticsearch.describe() + " refused Vigil's credentials (" + response.statusCode()
                        + "): set username/password or apiKey in etc/io.vigil.elasticsearch.cfg");
            } else if (response.statusCode() != 200) {
                refuseAll(batch, response);
            } else {
                complete(batch, response.body());
            }
        });
    }

    public Stats stats() {
        return new Stats(requests.sum(), failedRequests.sum(), documents.sum(), refused.sum(), nanos.sum() / 1e9, queue.size());
    }

    private static byte[] body(List<Operation> batch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(batch.size() * 640);
        for (Operation op : batch) {
            // The action line written directly: a tree and a generator per document cost more than the document's own bytes.
            out.writeBytes(op.id() == null ? ACTION_INDEX : ACTION_CREATE);
            quoted(out, op.index());
            if (op.id() != null) {
                out.writeBytes(ACTION_ID);
                quoted(out, op.id());
            }
            out.writeBytes(ACTION_END);
            out.writeBytes(op.source());
            out.writeBytes(NEWLINE);
        }
        return out.toByteArray();
    }

    private static void quoted(ByteArrayOutputStream out, String text) {
        out.write('"');
        out.writeBytes(JsonStringEncoder.getInstance().quoteAsUTF8(text));
        out.write('"');
    }

    private static void complete(List<Operation> batch, byte[] body) {
        JsonNode items;
        try {
            items = JSON.readTree(body).path("items");
        } catch (IOException e) {
            fail(batch, "unreadable bulk response: " + e.getMessage());
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            Operation op = batch.get(i);
            JsonNode item = items.path(i).path(op.id() == null ? "index" : "create");
            int status = item.path("status").asInt(0);
            if (status == 429 || status >= 500 || status == 0) {
                op.result().completeExceptionally(new UnavailableException(
                        "Elasticsearch did not take the document (status " + status + "): " + item.path("error").path("reason").asText("no answer")));
            } else {
                JsonNode error = item.path("error");
                op.result().complete(new Result(item.path("_index").asText(op.index()), item.path("_id").asText(op.id()), status,
                        error.isMissingNode() ? null : error.path("type").asText(), error.isMissingNode() ? null : error.path("reason").asText()));
            }
        }
    }

    private static void refuseAll(List<Operation> batch, HttpResponse<byte[]> response) {
        String reason = new String(response.body(), StandardCharsets.UTF_8);
        LOG.warn("Elasticsearch refused a bulk request of {} documents with {}: {}", batch.size(), response.statusCode(), reason);
        batch.forEach(op -> op.result().complete(new Result(op.index(), op.id(), response.statusCode(), "bulk_refused", reason)));
    }

    private static void fail(List<Operation> batch, String reason) {
        UnavailableException unavailable = new UnavailableException(reason);
        batch.forEach(op -> op.result().completeExceptionally(unavailable));
    }

    /** Sends what is queued, then stops; documents submitted afterwards fail as unavailable. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        flusher.join(settings.timeout().toMillis());
        inFlight.acquire(settings.concurrentRequests());
        inFlight.release(settings.concurrentRequests());
    }
}

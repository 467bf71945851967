package io.vigil.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The rows that POST batches: the baseline (Elasticsearch's own {@code _bulk}) and Vigil's {@code /_bulk} and
 * {@code /events}, each with the same batch size and number of parallel clients, each client sending its next batch
 * when the previous one is answered (as Logstash and Beats do); a row ends when every event is searchable.
 */
final class HttpRows {

    static final String BASELINE_INDEX = "bench-baseline";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final Elasticsearch es;
    private final URI vigil;
    private final int batch;
    private final int clients;

    HttpRows(HttpClient http, Elasticsearch es, URI vigil, int batch, int clients) {
        this.http = http;
        this.es = es;
        this.vigil = vigil;
        this.batch = batch;
        this.clients = clients;
    }

    Row baseline() {
        return new Posting("baseline", false, BASELINE_INDEX, es.url().resolve("/" + BASELINE_INDEX + "/_bulk"), "application/x-ndjson",
                workload -> workload.bulkBodies(batch)) {
            @Override
            void prepare() throws IOException {
                es.createLikeEvents(BASELINE_INDEX);
            }
        };
    }

    /** Vigil's Elasticsearch-compatible bulk endpoint, which Logstash's and Beats' Elasticsearch outputs use. */
    Row bulk() {
        return new Posting("http", true, Elasticsearch.EVENTS, vigil.resolve("/_bulk"), "application/x-ndjson", workload -> workload.bulkBodies(batch));
    }

    /** MozDef's loginput endpoint, NDJSON bodies. */
    Row events() {
        return new Posting("http-events", true, Elasticsearch.EVENTS, vigil.resolve("/events"), "application/x-ndjson", workload -> workload.ndjsonBodies(batch));
    }

    private class Posting extends Row {

        private final String index;
        private final URI target;
        private final String contentType;
        private final Function<Workload, List<byte[]>> bodies;

        Posting(String name, boolean vigilRow, String index, URI target, String contentType, Function<Workload, List<byte[]>> bodies) {
            super(name, vigilRow);
            this.index = index;
            this.target = target;
            this.contentType = contentType;
            this.bodies = bodies;
        }

        @Override
        void prepare() throws IOException {
            // Nothing beyond the fresh indices every row starts with.
        }

        @Override
        void run(Workload workload) throws Exception {
            List<byte[]> all = bodies.apply(workload);
            AtomicInteger next = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            try {
                List<Future<Object>> done = pool.invokeAll(java.util.Collections.nCopies(clients, () -> {
                    for (int i = next.getAndIncrement(); i < all.size(); i = next.getAndIncrement()) {
                        post(all.get(i));
                    }
                    return null;
                }));
                for (Future<Object> client : done) {
                    client.get();
                }
                Indexed.await(es, index, name(), workload.size(), Indexed.timeoutSeconds(workload));
            } finally {
                pool.shutdownNow();
            }
        }

        private void post(byte[] body) throws IOException, InterruptedException {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(target).timeout(Duration.ofMinutes(2))
                    .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IOException(name() + ": " + target + " answered " + response.statusCode() + ": " + excerpt(response.body()));
            }
            JsonNode answer = JSON.readTree(response.body());
            if (answer.path("errors").asBoolean(false)) {
                throw new IOException(name() + ": " + target + " refused documents: " + excerpt(response.body()));
            }
        }
    }

    static String excerpt(byte[] body) {
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        return text.length() > 400 ? text.substring(0, 400) + "..." : text;
    }
}

package io.vigil.tools;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code ./vigil send FILE|-}: posts events (a JSON object, a JSON array of objects, or NDJSON) to a running
 * Vigil's {@code /events} in batches, with a progress line and a summary; a batch answered 503 or 429 is sent again
 * after the Retry-After the server asks for.
 */
public final class Send {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH = 500;
    private static final int RETRIES = 10;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI events;
    private final PrintStream progress;
    private long sent;
    private long accepted;
    private long dropped;
    private long deadlettered;
    private long failed;
    private String lastError;

    Send(URI events, PrintStream progress) {
        this.events = events;
        this.progress = progress;
    }

    public static void main(String[] arguments) throws Exception {
        if (arguments.length != 2) {
            System.err.println("usage: Send HTTP_INPUT_URL FILE|-");
            System.exit(2);
        }
        Send send = new Send(URI.create(arguments[0].replaceAll("/+$", "") + "/events"), System.err);
        boolean stdin = arguments[1].equals("-");
        long total = stdin ? -1 : Files.size(Path.of(arguments[1]));
        try (InputStream in = stdin ? System.in : Files.newInputStream(Path.of(arguments[1]))) {
            System.exit(send.run(in, total) ? 0 : 1);
        }
    }

    boolean run(InputStream in, long totalBytes) throws IOException, InterruptedException {
        long started = System.nanoTime();
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        int inBatch = 0;
        try (JsonParser parser = JSON.createParser(in)) {
            // A top-level array is a list of events; otherwise the input is a sequence of values (NDJSON).
            JsonToken token = parser.nextToken();
            boolean array = token == JsonToken.START_ARRAY;
            if (array) {
                token = parser.nextToken();
            }
            for (; token != null && !(array && token == JsonToken.END_ARRAY); token = parser.nextToken()) {
                JsonNode event = JSON.readTree(parser);
                batch.write(JSON.writeValueAsBytes(event));
                batch.write('\n');
                if (++inBatch == BATCH) {
                    post(batch.toByteArray(), inBatch);
                    batch.reset();
                    inBatch = 0;
                    show(parser.currentLocation().getByteOffset(), totalBytes, started);
                }
            }
        } catch (JsonProcessingException e) {
            progress.printf("%nstopped: malformed JSON at line %d, column %d: %s%n", e.getLocation().getLineNr(),
                    e.getLocation().getColumnNr(), e.getOriginalMessage());
            failed++;
        }
        if (inBatch > 0) {
            post(batch.toByteArray(), inBatch);
        }
        double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
        progress.printf("%nsent %d events in %.1f s (%.0f/s): accepted %d, dropped %d, dead-lettered %d, failed %d%s%n",
                sent, seconds, sent / seconds, accepted, dropped, deadlettered, failed, lastError == null ? "" : " (last error: " + lastError + ")");
        return failed == 0;
    }

    private void post(byte[] body, int count) throws IOException, InterruptedException {
        sent += count;
        for (int attempt = 0; attempt <= RETRIES; attempt++) {
            HttpResponse<String> answer;
            try {
                answer = http.send(HttpRequest.newBuilder(events).timeout(Duration.ofMinutes(2))
                        .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                lastError = "Vigil at " + events + " does not answer: " + e.getMessage();
                Thread.sleep(Duration.ofSeconds(1).toMillis());
                continue;
            }
            // 503: Elasticsearch away; 429: Vigil's in-flight budget spent. Both say when to come back.
            if (answer.statusCode() == 503 || answer.statusCode() == 429) {
                lastError = JSON.readTree(answer.body()).path("error").asText();
                Thread.sleep(Duration.ofSeconds(Long.parseLong(answer.headers().firstValue("Retry-After").orElse("1"))).toMillis());
                continue;
            }
            if (answer.statusCode() != 200) {
                lastError = answer.statusCode() + " " + answer.body();
                failed += count;
                return;
            }
            JsonNode counts = JSON.readTree(answer.body());
            accepted += counts.path("accepted").asLong();
            dropped += counts.path("dropped").asLong();
            deadlettered += counts.path("deadlettered").asLong();
            return;
        }
        failed += count;
    }

    private void show(long bytes, long totalBytes, long started) {
        double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
        if (totalBytes > 0) {
            int percent = (int) Math.min(100, bytes * 100 / totalBytes);
            String bar = "#".repeat(percent / 5) + ".".repeat(20 - percent / 5);
            progress.printf("\r[%s] %3d%%  %d events  %.0f/s", bar, percent, sent, sent / seconds);
        } else {
            progress.printf("\r%d events  %.0f/s", sent, sent / seconds);
        }
    }
}

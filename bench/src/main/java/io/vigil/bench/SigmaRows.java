package io.vigil.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Sigma detection under the ingest benchmark. Vigil runs with SigmaHQ's rules folder; an administrator's switch
 * ({@code POST /api/rules/sigma/switches}, target {@code **}) keeps every rule off for the other rows, so they measure
 * what they always did, and the switch is lifted for these: {@code http-events+sigma} (the {@code /events} row with
 * every rule running, its ratio to {@code http-events} of the same round the cost of detection; after it, how long
 * detection took to check the last event) and the event → alert latency (probe events a SigmaHQ rule matches, each from
 * a host of its own so no throttle holds it back, looked for among the alerts).
 */
final class SigmaRows {

    static final String ROW = "http-events+sigma";
    static final String PROBE_HOST = "benchprobe";
    static final Pattern PROBE_IN_SUMMARY = Pattern.compile(PROBE_HOST + "(\\d+)");
    /** Every rule, by the glob of every file. */
    private static final String ALL = "**";
    /** Every this many events of the event → alert workload, one is a probe. */
    static final int PROBE_EVERY = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What detection did in one round of the row: the engine's counters' differences, and its lag after the row. */
    record Round(long checked, long unchecked, long caughtUp, long matches, long alerts, long throttled, double secondsToChecked, int rules) {
    }

    private final HttpClient http;
    private final URI rest;
    private final String authorization;
    private final List<Round> rounds = new ArrayList<>();

    SigmaRows(HttpClient http, URI rest, String adminPassword) {
        this.http = http;
        this.rest = rest;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(("admin:" + adminPassword).getBytes(StandardCharsets.UTF_8));
    }

    /** Switches every rule on (the switch removed: the folder's rules run) or off; how many rules then run. */
    int rules(boolean on) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("target", ALL).put("reason", "./vigil bench: rows without Sigma detection");
        if (on) {
            body.putNull("enabled");
        } else {
            body.put("enabled", false);
        }
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(rest.resolve("/api/rules/sigma/switches")).timeout(Duration.ofMinutes(2))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IOException("switching the Sigma rules " + (on ? "on" : "off") + ": " + answer.statusCode() + " " + answer.body());
        }
        JsonNode rules = JSON.readTree(answer.body()).path("rules");
        int running = 0;
        for (JsonNode rule : rules) {
            running += rule.path("state").asText().equals("runs") ? 1 : 0;
        }
        return running;
    }

    /** The engine's counters ({@code vigil_sigma_*} of {@code /metrics}). */
    Map<String, Long> counters() throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(rest.resolve("/metrics")).timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IOException("/metrics answered " + answer.statusCode());
        }
        Map<String, Long> counters = new HashMap<>();
        for (String line : answer.body().split("\n")) {
            if (line.startsWith("vigil_sigma_") && !line.contains("{")) {
                String[] parts = line.split(" ");
                counters.put(parts[0], (long) Double.parseDouble(parts[1]));
            }
        }
        return counters;
    }

    /** {@code events} (Vigil's {@code /events} row) with every rule running. */
    Row ingest(Row events) {
        return new Row(ROW, true) {

            private Map<String, Long> before;
            private int running;
            private int size;

            @Override
            void prepare() throws Exception {
                events.prepare();
                running = rules(true);
                before = counters();
            }

            @Override
            void run(Workload workload) throws Exception {
                size = workload.size();
                events.run(workload);
            }

            @Override
            void finish() throws Exception {
                long start = System.nanoTime();
                long deadline = start + Duration.ofMinutes(5).toNanos();
                Map<String, Long> after = counters();
                // Checked once each: in the queue, or read back after finding it full.
                while (delta(after, "vigil_sigma_events_checked_total") < size && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                    after = counters();
                }
                double seconds = delta(after, "vigil_sigma_events_checked_total") < size ? Double.NaN : (System.nanoTime() - start) / 1e9;
                rounds.add(new Round(delta(after, "vigil_sigma_events_checked_total"), delta(after, "vigil_sigma_events_unchecked_total"),
                        delta(after, "vigil_sigma_events_caught_up_total"), delta(after, "vigil_sigma_matches_total"),
                        delta(after, "vigil_sigma_alerts_total"), delta(after, "vigil_sigma_alerts_throttled_total"), seconds, running));
                rules(false);
            }

            private long delta(Map<String, Long> after, String counter) {
                return after.getOrDefault(counter, 0L) - before.getOrDefault(counter, 0L);
            }
        };
    }

    List<Round> rounds() {
        return rounds;
    }

    /** A Sysmon process creation SigmaHQ's "Security Privileges Enumeration Via Whoami.EXE" matches, from a host of its own. */
    static byte[] probe(int seq) {
        ObjectNode event = JSON.createObjectNode().put("utctimestamp", Instant.now().toString()).put("hostname", PROBE_HOST + seq)
                .put("summary", "Process Create");
        event.putObject("details").put("channel", "Microsoft-Windows-Sysmon/Operational").put("eventid", 1)
                .put("image", "C:\\Windows\\System32\\whoami.exe").put("commandline", "whoami /priv").put("benchseq", seq);
        try {
            return JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

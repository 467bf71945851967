package io.vigil.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The events of an ingest benchmark, each a JSON object as a shipper posts it to {@code /events}: {@link EventMix}'s
 * shapes, numbered by {@code details.benchseq} (key mapping and the plugins keep {@code details} of events posted to
 * {@code /events}), so the latency row can find an event and the hot-deploy row can tell a lost event from a duplicated
 * one. Every row sends these same bytes.
 */
final class Workload {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] INDEX_ACTION = "{\"index\":{}}\n".getBytes();

    private final List<byte[]> events;
    private final long bytes;

    private Workload(List<byte[]> events, long bytes) {
        this.events = events;
        this.bytes = bytes;
    }

    static Workload generate(long seed, int count, int firstSeq) {
        List<byte[]> events = new ArrayList<>(count);
        long bytes = 0;
        List<EventMix.Item> items = new EventMix(seed).events(count);
        try {
            for (int i = 0; i < count; i++) {
                ObjectNode event = (ObjectNode) JSON.readTree(items.get(i).body());
                JsonNode details = event.path("details");
                (details.isObject() ? (ObjectNode) details : event.putObject("details")).put("benchseq", firstSeq + i);
                byte[] body = JSON.writeValueAsBytes(event);
                events.add(body);
                bytes += body.length;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Workload(events, bytes);
    }

    /** This workload (numbered from {@code firstSeq}) with each event whose number {@code every} divides replaced by {@code probe}'s. */
    Workload withProbes(int firstSeq, int every, IntFunction<byte[]> probe) {
        List<byte[]> probed = new ArrayList<>(events);
        long total = bytes;
        for (int i = 0; i < probed.size(); i++) {
            if ((firstSeq + i) % every == 0) {
                byte[] event = probe.apply(firstSeq + i);
                total += event.length - probed.get(i).length;
                probed.set(i, event);
            }
        }
        return new Workload(probed, total);
    }

    List<byte[]> events() {
        return events;
    }

    int size() {
        return events.size();
    }

    double averageBytes() {
        return (double) bytes / events.size();
    }

    /** Elasticsearch bulk bodies ({@code {"index":{}}} then the event), {@code batch} events each. */
    List<byte[]> bulkBodies(int batch) {
        return bodies(batch, true);
    }

    /** NDJSON bodies for {@code /events}, {@code batch} events each. */
    List<byte[]> ndjsonBodies(int batch) {
        return bodies(batch, false);
    }

    private List<byte[]> bodies(int batch, boolean bulk) {
        List<byte[]> bodies = new ArrayList<>();
        for (int from = 0; from < events.size(); from += batch) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(batch * 640);
            for (byte[] event : events.subList(from, Math.min(events.size(), from + batch))) {
                if (bulk) {
                    out.writeBytes(INDEX_ACTION);
                }
                out.writeBytes(event);
                out.write('\n');
            }
            bodies.add(out.toByteArray());
        }
        return bodies;
    }
}

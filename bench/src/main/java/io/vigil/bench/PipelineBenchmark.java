package io.vigil.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.core.JsonEvent;
import io.vigil.core.KeyMapping;
import io.vigil.core.PluginChain;
import io.vigil.support.RejectedEventException;
import io.vigil.core.RequiredFields;
import io.vigil.tools.StandardPlugins;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one core does per event before Elasticsearch: parse the body, normalise it (MozDef key mapping, or the custom
 * endpoint fields), run it through the plugin chain, add the required fields, serialise it. {@code normalise} leaves
 * the chain out; {@code normaliseAndStandardChain} runs every standard plugin (geoip inactive: it needs a database).
 * One benchmark operation is one event of {@link EventMix}; throughput is events/s on one thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class PipelineBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EVENTS = 60_000;

    private List<EventMix.Item> events;
    private KeyMapping mapping;
    private RequiredFields required;
    private PluginChain empty;
    private PluginChain standard;
    private int next;

    @Setup
    public void setUp() {
        events = new EventMix(42).events(EVENTS);
        Clock clock = Clock.systemUTC();
        mapping = new KeyMapping("bench", clock);
        required = new RequiredFields("bench", clock);
        empty = new PluginChain();
        standard = new StandardPlugins().chain(List.of());
    }

    @Benchmark
    public byte[] normalise() throws IOException, RejectedEventException {
        return run(empty);
    }

    @Benchmark
    public byte[] normaliseAndStandardChain() throws IOException, RejectedEventException {
        return run(standard);
    }

    private byte[] run(PluginChain chain) throws IOException, RejectedEventException {
        EventMix.Item item = events.get(next);
        next = (next + 1) % EVENTS;
        ObjectNode raw = (ObjectNode) JSON.readTree(item.body());
        ObjectNode event;
        if (item.custom()) {
            event = raw.deepCopy();
            event.put("endpoint", item.endpoint());
            event.put("customendpoint", true);
        } else {
            event = mapping.map(raw);
        }
        JsonEvent travelling = new JsonEvent(event, "events", null);
        chain.process(travelling);
        return JSON.writeValueAsBytes(required.addTo(travelling.document()));
    }
}

package io.vigil.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.core.KeyMapping;
import io.vigil.core.PluginChain;
import io.vigil.sigma.RuleSet;
import io.vigil.sigma.SigmaRule;
import io.vigil.tools.SigmaTool;
import io.vigil.tools.StandardPlugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * Streaming Sigma detection on one core, with every rule of SigmaHQ's corpus loaded ({@code -Dvigil.sigma}, the
 * corpus folder): one operation checks one stored event, as the engine's thread does. {@code windowsEvents}: SigmaHQ's
 * regression events only, each made to match a rule (the worst case); {@code mixedStream}: {@link EventMix}'s events
 * (sshd's syslog, audisp-json's executions, CloudTrail: the linux and aws mappings' rules) with one regression event in
 * five. The engine's thousands of compiled matchers take the JIT half a minute to settle: hence the long warm-up.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 6, time = 5)
@Measurement(iterations = 5, time = 3)
public class SigmaBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RuleSet rules;
    private List<ObjectNode> windows;
    private List<ObjectNode> mixed;
    private int nextWindows;
    private int nextMixed;

    @Setup
    public void setUp() throws IOException {
        Path corpus = Path.of(System.getProperty("vigil.sigma", "../shared/fixtures/sigma"));
        rules = RuleSet.load(corpus.resolve("rules"));
        KeyMapping mapping = new KeyMapping("bench", Clock.systemUTC());
        PluginChain chain = new StandardPlugins().chain(List.of());
        windows = new ArrayList<>();
        try (Stream<Path> files = Files.walk(corpus.resolve("regression_data"))) {
            for (Path sample : files.filter(file -> file.toString().endsWith(".json")).sorted().toList()) {
                try (MappingIterator<JsonNode> events = JSON.readerFor(JsonNode.class).readValues(sample.toFile())) {
                    while (events.hasNext()) {
                        ObjectNode stored = SigmaTool.asPosted(events.next(), mapping, chain);
                        if (stored != null) {
                            windows.add(stored);
                        }
                    }
                }
            }
        }
        mixed = new ArrayList<>();
        int i = 0;
        for (EventMix.Item item : new EventMix(42).events(20_000)) {
            ObjectNode stored = item.custom() ? null : SigmaTool.asPosted(JSON.readTree(item.body()), mapping, chain);
            if (stored != null) {
                mixed.add(stored);
                if (++i % 4 == 0) {
                    mixed.add(windows.get(i % windows.size()));
                }
            }
        }
    }

    @Benchmark
    public List<SigmaRule> windowsEvents() {
        ObjectNode event = windows.get(nextWindows);
        nextWindows = (nextWindows + 1) % windows.size();
        return rules.matching(event);
    }

    @Benchmark
    public List<SigmaRule> mixedStream() {
        ObjectNode event = mixed.get(nextMixed);
        nextMixed = (nextMixed + 1) % mixed.size();
        return rules.matching(event);
    }
}

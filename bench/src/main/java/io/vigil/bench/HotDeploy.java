package io.vigil.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Events lost or duplicated while a plugin comes and goes under load: events go to {@code /events} at a steady rate
 * while the example plugin's jar is dropped into Karaf's {@code deploy/} folder and taken out again, every
 * {@code period}, as an operator would. Every event the input accepted must be in Elasticsearch exactly once; the
 * events the plugin tagged show it really ran in between.
 */
final class HotDeploy {

    /** What the row found. */
    record Result(PacedSender.Result sending, long indexed, long duplicated, long lost, long tagged, int deployed, int undeployed) {
    }

    static final String PLUGIN_TAG = "example-plugin";

    private final Elasticsearch es;
    private final PacedSender sender;
    private final Path plugin;
    private final Path deployDir;

    HotDeploy(Elasticsearch es, PacedSender sender, Path plugin, Path deployDir) {
        this.es = es;
        this.sender = sender;
        this.plugin = plugin;
        this.deployDir = deployDir;
    }

    Result run(Workload workload, int firstSeq, double rate, Duration duration, Duration period) throws IOException, InterruptedException {
        if (!Files.isRegularFile(plugin) || !Files.isDirectory(deployDir)) {
            throw new IOException("hot-deploy needs the plugin jar (" + plugin + ") and Karaf's deploy folder (" + deployDir + ")");
        }
        Path deployed = deployDir.resolve(plugin.getFileName());
        Files.deleteIfExists(deployed);
        AtomicInteger deployments = new AtomicInteger();
        AtomicInteger removals = new AtomicInteger();
        Thread operator = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(period.toMillis());
                    // Written beside and renamed, so the deployer never reads half a jar.
                    Path partial = deployDir.resolve(plugin.getFileName() + ".part");
                    Files.copy(plugin, partial, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(partial, deployed, StandardCopyOption.ATOMIC_MOVE);
                    deployments.incrementAndGet();
                    Thread.sleep(period.toMillis());
                    Files.delete(deployed);
                    removals.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                throw new IllegalStateException("cannot deploy " + plugin + " into " + deployDir, e);
            }
        }, "bench-operator");
        operator.start();
        PacedSender.Result sending;
        try {
            sending = sender.run(workload, firstSeq, rate, duration, null);
        } finally {
            operator.interrupt();
            operator.join();
            Files.deleteIfExists(deployDir.resolve(plugin.getFileName() + ".part"));
            if (Files.deleteIfExists(deployed)) {
                removals.incrementAndGet();
            }
        }
        long indexed = es.count(Elasticsearch.EVENTS);
        long unnumbered = es.countUnnumbered(Elasticsearch.EVENTS);
        if (unnumbered > 0) {
            throw new IOException(unnumbered + " events lost their details.benchseq on the way: duplicates cannot be told apart");
        }
        long duplicated = es.extraCopies(Elasticsearch.EVENTS);
        long lost = Math.max(0, sending.accepted() - (indexed - duplicated));
        return new Result(sending, indexed, duplicated, lost, es.countTagged(Elasticsearch.EVENTS, PLUGIN_TAG), deployments.get(), removals.get());
    }
}

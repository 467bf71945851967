package io.vigil.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and resident memory of one process (Vigil's JVM, Elasticsearch's), from {@code /proc}: a row measures the
 * CPU seconds it cost that process and the highest resident size sampled while it ran.
 */
final class ProcessWatch implements AutoCloseable {

    /** Linux's USER_HZ: /proc/PID/stat counts CPU time in these ticks on every architecture the JDK runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final long pid;
    private final long cpuTicksAtStart;
    private final Thread sampler;
    private volatile long peakRssKb;
    private volatile boolean running = true;

    private ProcessWatch(long pid) {
        this.pid = pid;
        this.cpuTicksAtStart = cpuTicks(pid);
        this.peakRssKb = rssKb(pid);
        this.sampler = new Thread(this::sample, "bench-rss-" + pid);
        this.sampler.setDaemon(true);
        this.sampler.start();
    }

    /** Starts watching {@code pid}, or returns {@code null} when there is none to watch (0, or not on Linux). */
    static ProcessWatch start(long pid) {
        return pid > 0 && Files.isReadable(Path.of("/proc/" + pid + "/stat")) ? new ProcessWatch(pid) : null;
    }

    private void sample() {
        while (running) {
            peakRssKb = Math.max(peakRssKb, rssKb(pid));
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    double cpuSeconds() {
        return (cpuTicks(pid) - cpuTicksAtStart) / TICKS_PER_SECOND;
    }

    long peakRssMb() {
        return peakRssKb / 1024;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }

    /** utime + stime: fields 14 and 15 of /proc/PID/stat, counted after the command name (which may hold spaces). */
    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}

package io.vigil.indices;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MozDef's index cron jobs in the container: rotation at start, every {@code checkMinutes} and just after UTC
 * midnight (so the aliases move within a second, and a container down at midnight catches up when it starts), and once
 * a day at {@code maintenanceHour} retention and, when on, the archive of yesterday. A failed run is logged and tried
 * again at the next check.
 */
@Component(name = "io.vigil.indices", immediate = true, service = Indices.class, configurationPid = {"io.vigil.indices", "io.vigil.elasticsearch"},
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public class IndexScheduler implements Indices {

    private static final Logger LOG = LoggerFactory.getLogger(IndexScheduler.class);

    private final IndicesConfig config;
    private final Clock clock = Clock.systemUTC();
    private final IndexMaintenance maintenance;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "vigil-indices");
        thread.setDaemon(true);
        return thread;
    });
    private volatile LocalDate maintainedOn;

    @Activate
    public IndexScheduler(IndicesConfig config) {
        this.config = config;
        this.maintenance = IndexMaintenance.of(config, clock);
        if (config.enabled()) {
            scheduler.scheduleWithFixedDelay(this::check, 0, Math.max(1, config.checkMinutes()), TimeUnit.MINUTES);
            scheduleMidnight();
        }
    }

    @Deactivate
    void deactivate() {
        scheduler.shutdownNow();
    }

    @Override
    public IndexMaintenance maintenance() {
        return maintenance;
    }

    private void scheduleMidnight() {
        Instant next = ZonedDateTime.now(clock.withZone(ZoneOffset.UTC)).toLocalDate().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(1);
        scheduler.schedule(() -> {
            check();
            scheduleMidnight();
        }, Duration.between(clock.instant(), next).toMillis(), TimeUnit.MILLISECONDS);
    }

    private void check() {
        try {
            String today = maintenance.rotate();
            LOG.debug("Indices rotated: today is {}", today);
        } catch (Exception e) {
            LOG.warn("Index rotation failed, tried again in {} minutes: {}", config.checkMinutes(), e.getMessage());
            return;
        }
        LocalDate today = maintenance.today();
        if (ZonedDateTime.now(clock.withZone(ZoneOffset.UTC)).getHour() < config.maintenanceHour() || today.equals(maintainedOn)) {
            return;
        }
        try {
            if (config.archive()) {
                IndexMaintenance.Archive archive = maintenance.archive(today.minusDays(1));
                if (archive != null) {
                    LOG.info("Archived {} in the verified snapshot {}", archive.indices(), archive.snapshot());
                }
            }
            maintenance.applyRetention(false).forEach(action -> LOG.info("Retention: {}", action));
            maintainedOn = today;
        } catch (Exception e) {
            LOG.warn("Index retention or archiving failed, tried again in {} minutes: {}", config.checkMinutes(), e.getMessage());
        }
    }
}

package io.vigil.indices;

import io.vigil.elasticsearch.Elasticsearch;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MozDef's index cron jobs in the container, as the processor {@code io.vigil.indices} of the scheduled route
 * {@code routes/indices.xml} (a timer, every minute by default: integrators change the schedule there): each run
 * rotates (idempotent: the aliases move within a run of midnight, and a container down at midnight catches up at its
 * first run) and, once a day per cluster from {@code maintenanceHour}, applies retention and archives yesterday. A
 * failed run is logged and tried again at the next.
 */
@Component(name = "io.vigil.indices", service = {Indices.class, Processor.class}, property = "name=io.vigil.indices",
        configurationPid = "io.vigil.indices", configurationPolicy = ConfigurationPolicy.REQUIRE)
public class IndexScheduler implements Indices, Processor {

    private static final Logger LOG = LoggerFactory.getLogger(IndexScheduler.class);

    private final IndicesConfig config;
    private final IndexMaintenance maintenance;
    /** This container among others, for the day's maintenance record: "pid@host" and a name of its own. */
    private final String owner = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
    private volatile String lastToday;

    @Activate
    public IndexScheduler(IndicesConfig config, @Reference Elasticsearch elasticsearch) {
        this.config = config;
        this.maintenance = IndexMaintenance.of(elasticsearch, config, Clock.systemUTC());
    }

    @Override
    public IndexMaintenance maintenance() {
        return maintenance;
    }

    @Override
    public void process(Exchange exchange) {
        try {
            String today = maintenance.rotate();
            if (!today.equals(lastToday)) {
                LOG.info("Indices rotated: today is {}", today);
                lastToday = today;
            }
        } catch (Exception e) {
            LOG.warn("Index rotation failed, tried again at the next run: {}", e.getMessage());
            return;
        }
        try {
            List<IndexMaintenance.Action> actions = maintenance.maintainIfDue(config.maintenanceHour(), config.archive(), owner);
            if (actions != null) {
                LOG.info("Daily index maintenance done: {}", actions.isEmpty() ? "nothing to close or delete" : actions);
            }
        } catch (Exception e) {
            LOG.warn("Index retention or archiving failed, tried again at the next run: {}", e.getMessage());
        }
    }
}

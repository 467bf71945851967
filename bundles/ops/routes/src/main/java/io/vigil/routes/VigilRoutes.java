package io.vigil.routes;

import io.vigil.api.metrics.MetricSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.dsl.xml.io.XmlRoutesBuilderLoader;
import org.apache.camel.karaf.core.OsgiCamelContextPublisher;
import org.apache.camel.karaf.core.OsgiDefaultCamelContext;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the {@code vigil} Camel context: its routes come from the files of the routes folder and its property
 * placeholders from the {@code io.vigil.*} configurations. A route file added, changed or deleted changes its own
 * routes only (Camel's own reload strategy ignores deletions and, by default, reloads by removing every route);
 * a changed configuration restarts the context so every route sees the new values (ports, URLs) at once.
 */
@Component(name = "io.vigil.routes", immediate = true, service = ConfigurationListener.class, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = RoutesConfig.class)
public class VigilRoutes implements ConfigurationListener {

    static final String CONTEXT_NAME = "vigil";

    /** How often the routes folder is compared with the routes running (polling works on every file system). */
    private static final long RELOAD_SECONDS = 1;

    private static final Logger LOG = LoggerFactory.getLogger(VigilRoutes.class);

    private final BundleContext bundleContext;
    private final ConfigurationAdmin configurationAdmin;
    private RoutesConfig config;
    private CamelContext camel;
    private ScheduledExecutorService watcher;
    private volatile RouteFiles files;
    private ServiceRegistration<MetricSource> metrics;

    @Activate
    public VigilRoutes(BundleContext bundleContext, @Reference ConfigurationAdmin configurationAdmin, RoutesConfig config) {
        this.bundleContext = bundleContext;
        this.configurationAdmin = configurationAdmin;
        this.config = config;
        start();
    }

    /**
     * Vigil's processors that route files name ({@code <process ref="io.vigil.http.input"/>}) come and go while
     * features install and configurations change. The files whose routes hold a processor that leaves, or another than
     * the one that arrives, load again, and so do the files that failed for want of one, without stopping the context
     * and the inputs that run. Arrivals count too: a reload caused by a departure can run while the departing service
     * is still registered (it is during the unregistering event) and pick it up again.
     */
    @Reference(service = Processor.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(name=io.vigil.*)")
    void addProcessor(Processor processor, Map<String, Object> properties) {
        processorChanged(processor, properties, true);
    }

    void removeProcessor(Processor processor, Map<String, Object> properties) {
        processorChanged(processor, properties, false);
    }

    /**
     * The TLS settings of Vigil's listeners, which route files name as beans ({@code sslContextParameters=#io.vigil.syslog.tls}):
     * a file that failed for want of one loads again when it arrives, as for a processor.
     */
    @Reference(service = SSLContextParameters.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(name=io.vigil.*)")
    void addTls(SSLContextParameters tls, Map<String, Object> properties) {
        processorChanged(tls, properties, true);
    }

    void removeTls(SSLContextParameters tls, Map<String, Object> properties) {
        processorChanged(tls, properties, false);
    }

    private void processorChanged(Object processor, Map<String, Object> properties, boolean arrived) {
        String name = String.valueOf(properties.get("name"));
        RouteFiles current = files;
        if (current != null) {
            LOG.info("Processor {} {}", name, arrived ? "arrived" : "left");
            current.processorChanged(name, processor, arrived);
        }
    }

    @Modified
    synchronized void modified(RoutesConfig changed) {
        this.config = changed;
        restart("its configuration changed");
    }

    @Deactivate
    synchronized void deactivate() {
        stop();
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        // io.vigil.routes itself arrives through @Modified; only the placeholders' sources matter here.
        if (VigilProperties.isVigilPid(event.getPid()) && !"io.vigil.routes".equals(event.getPid())) {
            synchronized (this) {
                restart("configuration " + event.getPid() + " changed");
            }
        }
    }

    private void restart(String why) {
        LOG.info("Restarting Camel context {} because {}", CONTEXT_NAME, why);
        stop();
        start();
    }

    private synchronized void start() {
        Path directory = directory();
        OsgiDefaultCamelContext context = new OsgiDefaultCamelContext(bundleContext);
        context.getCamelContextExtension().setName(CONTEXT_NAME);
        context.getShutdownStrategy().setTimeout(config.shutdownTimeoutSeconds());
        context.getManagementStrategy().addEventNotifier(new OsgiCamelContextPublisher(bundleContext));
        RouteCounters counters = new RouteCounters(context);
        context.getManagementStrategy().addEventNotifier(counters);
        context.getPropertiesComponent().setInitialProperties(VigilProperties.of(vigilConfigurations()));
        // Registered by name so the XML DSL is found without relying on the factory finder's bundle scan.
        context.getRegistry().bind("routes-builder-loader-xml", new XmlRoutesBuilderLoader());
        try {
            context.start();
            RouteFiles routeFiles = new RouteFiles(context, directory);
            files = routeFiles;
            sync(routeFiles);
            LOG.info("Camel context {} started with {} routes from {}", CONTEXT_NAME, context.getRoutes().size(), directory);
            // Also without reload, so that files waiting for a processor load when it arrives.
            watcher = Executors.newSingleThreadScheduledExecutor(runnable -> new Thread(runnable, "vigil-routes-watcher"));
            watcher.scheduleWithFixedDelay(() -> {
                if (config.reload() || routeFiles.waiting()) {
                    sync(routeFiles);
                }
            }, RELOAD_SECONDS, RELOAD_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            // The context stays up (other bundles may add routes); the log says what to fix.
            LOG.error("Camel context {} could not load the routes of {}: {}", CONTEXT_NAME, directory, e.getMessage(), e);
        }
        camel = context;
        metrics = bundleContext.registerService(MetricSource.class, counters, null);
    }

    private static void sync(RouteFiles files) {
        try {
            files.sync().forEach((file, error) -> LOG.error("Route file {} was not loaded: {}", file, error.getMessage(), error));
        } catch (Exception e) {
            LOG.error("Cannot read the route files: {}", e.getMessage(), e);
        }
    }

    private void stop() {
        files = null;
        if (metrics != null) {
            metrics.unregister();
            metrics = null;
        }
        if (watcher != null) {
            watcher.shutdownNow();
            watcher = null;
        }
        if (camel != null) {
            camel.stop();
            camel = null;
        }
    }

    private Path directory() {
        Path directory = Path.of(config.directory());
        String base = bundleContext.getProperty("karaf.base");
        return directory.isAbsolute() || base == null ? directory : Path.of(base).resolve(directory);
    }

    private Map<String, Map<String, Object>> vigilConfigurations() {
        Map<String, Map<String, Object>> byPid = new HashMap<>();
        try {
            Configuration[] configurations = configurationAdmin.listConfigurations(
                    "(service.pid=" + VigilProperties.PID_PREFIX + "*)");
            if (configurations != null) {
                for (Configuration configuration : configurations) {
                    byPid.put(configuration.getPid(), toMap(configuration.getProperties()));
                }
            }
        } catch (IOException | InvalidSyntaxException e) {
            LOG.error("Cannot read the io.vigil.* configurations: {}", e.getMessage());
        }
        return byPid;
    }

    private static Map<String, Object> toMap(Dictionary<String, Object> dictionary) {
        Map<String, Object> map = new HashMap<>();
        if (dictionary != null) {
            for (Enumeration<String> keys = dictionary.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                map.put(key, dictionary.get(key));
            }
        }
        return map;
    }
}

package io.vigil.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeFalse;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/** Boots the vigil distribution as built and checks what a user gets from it: features, Camel context, HTTP input. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class VigilContainerIT {

    private static final String HTTP_PORT = VigilContainer.httpPort();
    private static final String ES_URL = System.getProperty("vigil.es.url", "");

    @Inject
    private BundleContext bundleContext;

    @Inject
    private FeaturesService features;

    @Inject
    private SessionFactory sessions;

    @Configuration
    public Option[] configuration() {
        return VigilContainer.options(HTTP_PORT, systemProperty("vigil.es.url").value(ES_URL),
                editConfigurationFilePut("etc/io.vigil.elasticsearch.cfg", "url", ES_URL.isEmpty() ? "http://127.0.0.1:9" : ES_URL),
                // A second webhook instance, as an operator adds one: a factory configuration of its own.
                editConfigurationFilePut("etc/io.vigil.action.webhook-pager.cfg", "vigil.action.name", "pager"),
                editConfigurationFilePut("etc/io.vigil.action.webhook-pager.cfg", "format", "pagerduty"),
                editConfigurationFilePut("etc/io.vigil.action.webhook-pager.cfg", "routingKey", "it-key"),
                editConfigurationFilePut("etc/io.vigil.action.webhook-pager.cfg", "url", "http://127.0.0.1:9/v2/enqueue"));
    }

    @Test
    public void bootsVigilFeatures() throws Exception {
        for (String feature : List.of("vigil", "vigil-core", "vigil-input-http", "vigil-scheduler", "vigil-indices", "vigil-actions")) {
            assertTrue(feature + " is not installed", features.isInstalled(features.getFeature(feature)));
        }
    }

    @Test
    public void everyBundleIsActive() throws Exception {
        Eventually.within(Duration.ofSeconds(60), () -> {
            String notActive = Arrays.stream(bundleContext.getBundles())
                    .filter(bundle -> bundle.getState() != Bundle.ACTIVE && bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null)
                    .map(bundle -> bundle.getSymbolicName() + " (state " + bundle.getState() + ")")
                    .collect(Collectors.joining(", "));
            assertEquals("bundles not active", "", notActive);
        });
    }

    @Test
    public void camelContextRunsTheRoutesOfTheDistribution() throws Exception {
        Eventually.within(Duration.ofSeconds(60), () -> {
            ServiceReference<?>[] references = bundleContext.getServiceReferences(CamelContext.class.getName(), "(camel.context.name=vigil)");
            assertTrue("no CamelContext service named vigil", references != null && references.length == 1);
            CamelContext camel = (CamelContext) bundleContext.getService(references[0]);
            assertEquals(ServiceStatus.Started, camel.getStatus());
            assertTrue("route http-status missing: " + camel.getRoutes(), camel.getRoute("http-status") != null);
        });
    }

    @Test
    public void httpInputAnswersStatus() throws Exception {
        Eventually.within(Duration.ofSeconds(60), () -> {
            ContainerHttp.Answer status = ContainerHttp.get("http://127.0.0.1:" + HTTP_PORT + "/status");
            assertEquals(200, status.status());
            assertEquals("{\"status\": \"ok\", \"service\": \"loginput\"}", status.body());
        });
    }

    @Test
    public void indexMaintenanceRotatesAtStartAndTheCommandListsTheIndices() throws Exception {
        assumeFalse("needs an Elasticsearch: run ./vigil test, or pass -Dvigil.es.url", ES_URL.isEmpty());
        String tomorrow = "events-" + DateTimeFormatter.BASIC_ISO_DATE.format(LocalDate.now(ZoneOffset.UTC).plusDays(1));
        // Only the route routes/indices.xml makes tomorrow's index: gone, it comes back within a period (60 s).
        ContainerHttp.delete(ES_URL + "/" + tomorrow);
        Eventually.within(Duration.ofSeconds(90), () -> {
            String listing = VigilContainer.shell(sessions, "vigil:indices");
            assertTrue(listing, listing.contains(tomorrow + " ") && listing.contains(" events "));
        });
        String dryRun = VigilContainer.shell(sessions, "vigil:indices --retention --dry-run");
        assertTrue(dryRun, dryRun.contains("retention: nothing to do") || dryRun.contains("would "));
    }

    @Test
    public void theAlertActionsAreListedAndReplayingAnUnknownAlertSaysSo() throws Exception {
        assumeFalse("needs an Elasticsearch: run ./vigil test, or pass -Dvigil.es.url", ES_URL.isEmpty());
        Eventually.within(Duration.ofSeconds(60), () -> {
            String listing = VigilContainer.shell(sessions, "vigil:actions");
            assertTrue(listing, listing.contains("webhook") && listing.contains("pager") && listing.contains("email") && listing.contains("block"));
        });
        String replay = VigilContainer.shell(sessions, "vigil:actions no-such-alert");
        assertTrue(replay, replay.contains("no alert no-such-alert in the alias alerts"));
    }

    @Test
    public void theShellBlocksListsAndUnblocksAndRefusesPrivateAddresses() throws Exception {
        assumeFalse("needs an Elasticsearch: run ./vigil test, or pass -Dvigil.es.url", ES_URL.isEmpty());
        String address = "192.0.2." + (1 + (int) (Math.random() * 250));
        Eventually.within(Duration.ofSeconds(60), () -> {
            String blocked = VigilContainer.shell(sessions, "vigil:block -d 1h -c 'it test' " + address);
            assertTrue(blocked, blocked.contains("Blocked " + address + " until "));
        });
        String listing = VigilContainer.shell(sessions, "vigil:blocklist");
        assertTrue(listing, listing.contains(address) && listing.contains("it test"));
        String refused = VigilContainer.shell(sessions, "vigil:block 192.168.1.1");
        assertTrue(refused, refused.contains("Not blocked: 192.168.1.1 is in 192.168.0.0/16, private or reserved address space"));
        assertTrue(VigilContainer.shell(sessions, "vigil:unblock " + address).contains("Unblocked " + address));
        assertFalse(VigilContainer.shell(sessions, "vigil:blocklist").contains(address));
        assertTrue(VigilContainer.shell(sessions, "vigil:blocklist -t url").contains("type is ip or fqdn, not url"));
    }
}

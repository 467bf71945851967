package io.vigil.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.options.extra.VMOption;
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

    private static final String HTTP_PORT = System.getProperty("vigil.itest.httpPort", Integer.toString(freePort()));

    @Inject
    private BundleContext bundleContext;

    @Inject
    private FeaturesService features;

    @Configuration
    public Option[] configuration() {
        String karafVersion = System.getProperty("karaf.version");
        return new Option[] {
            karafDistributionConfiguration()
                    .frameworkUrl(maven().groupId("io.vigil").artifactId("vigil-assembly").type("tar.gz").version(System.getProperty("vigil.version")))
                    .name("vigil")
                    .unpackDirectory(new File("target/exam"))
                    .useDeployFolder(false),
            keepRuntimeFolder(),
            // Read again by the copy of this class inside the container.
            systemProperty("vigil.itest.httpPort").value(HTTP_PORT),
            configureConsole().ignoreLocalConsole(),
            logLevel(LogLevel.INFO),
            // The cfg files that Vigil's features would create: written first, with ports no other test uses.
            editConfigurationFilePut("etc/io.vigil.http.cfg", "host", "127.0.0.1"),
            editConfigurationFilePut("etc/io.vigil.http.cfg", "port", HTTP_PORT),
            editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", Integer.toString(freePort())),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", Integer.toString(freePort())),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort", Integer.toString(freePort())),
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository",
                    System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository")),
            // What bin/karaf passes on Java 9+; Pax Exam starts java itself.
            new VMOption("--add-reads=java.xml=java.logging"),
            new VMOption("--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED"),
            new VMOption("--patch-module"),
            new VMOption("java.base=lib/endorsed/org.apache.karaf.specs.locator-" + karafVersion + ".jar"),
            new VMOption("--patch-module"),
            new VMOption("java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + karafVersion + ".jar"),
            new VMOption("--add-opens=java.base/java.security=ALL-UNNAMED"),
            new VMOption("--add-opens=java.base/java.net=ALL-UNNAMED"),
            new VMOption("--add-opens=java.base/java.lang=ALL-UNNAMED"),
            new VMOption("--add-opens=java.base/java.util=ALL-UNNAMED"),
            new VMOption("--add-opens=java.naming/javax.naming.spi=ALL-UNNAMED"),
            new VMOption("--add-opens=java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED"),
            new VMOption("--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED"),
            new VMOption("--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED"),
            new VMOption("--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED"),
            new VMOption("--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED"),
            new VMOption("--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED"),
            new VMOption("-Xmx512m"),
        };
    }

    @Test
    public void bootsVigilFeatures() throws Exception {
        for (String feature : List.of("vigil", "vigil-core", "vigil-input-http", "vigil-output-elasticsearch", "vigil-scheduler")) {
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
            HttpURLConnection connection = (HttpURLConnection) new URL("http://127.0.0.1:" + HTTP_PORT + "/status").openConnection();
            try {
                assertEquals(200, connection.getResponseCode());
                try (InputStream body = connection.getInputStream()) {
                    assertEquals("{\"status\": \"ok\", \"service\": \"loginput\"}", new String(body.readAllBytes(), StandardCharsets.UTF_8));
                }
            } finally {
                connection.disconnect();
            }
        });
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

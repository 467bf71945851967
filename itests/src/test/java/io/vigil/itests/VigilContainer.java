package io.vigil.itests;

import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.options.extra.VMOption;

/** The Pax Exam options that boot the vigil distribution as built, on ports no other test uses. */
final class VigilContainer {

    private VigilContainer() {
    }

    /**
     * The HTTP input's port: chosen once in the test JVM and passed to the copy of the test class inside the container
     * as a system property, where this runs again.
     */
    static String httpPort() {
        return System.getProperty("vigil.itest.httpPort", Integer.toString(VigilInstance.freePort()));
    }

    static Option[] options(String httpPort, Option... more) {
        String karafVersion = System.getProperty("karaf.version");
        List<Option> options = new ArrayList<>(List.of(
            karafDistributionConfiguration()
                    .frameworkUrl(maven().groupId("io.vigil").artifactId("vigil-assembly").type("tar.gz").version(System.getProperty("vigil.version")))
                    .name("vigil")
                    .unpackDirectory(new File("target/exam"))
                    .useDeployFolder(false),
            keepRuntimeFolder(),
            systemProperty("vigil.itest.httpPort").value(httpPort),
            configureConsole().ignoreLocalConsole(),
            logLevel(LogLevel.INFO),
            // The cfg files that Vigil's features would create: written first, with ports no other test uses.
            editConfigurationFilePut("etc/io.vigil.http.cfg", "host", "127.0.0.1"),
            editConfigurationFilePut("etc/io.vigil.http.cfg", "port", httpPort),
            editConfigurationFilePut("etc/io.vigil.rest.cfg", "port", Integer.toString(VigilInstance.freePort())),
            editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", Integer.toString(VigilInstance.freePort())),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", Integer.toString(VigilInstance.freePort())),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort", Integer.toString(VigilInstance.freePort())),
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
            new VMOption("-Xmx512m")));
        // The suite's Elasticsearch, in the one configuration that names it.
        String elasticsearch = System.getProperty("vigil.es.url", "");
        if (!elasticsearch.isEmpty()) {
            options.add(editConfigurationFilePut("etc/io.vigil.elasticsearch.cfg", "url", elasticsearch));
        }
        options.addAll(List.of(more));
        return options.toArray(Option[]::new);
    }

    /** What a Karaf shell command prints, run in the container. */
    static String shell(SessionFactory sessions, String command) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            Session session = sessions.create(System.in, out, out);
            session.execute(command);
            session.close();
        }
        return output.toString(StandardCharsets.UTF_8);
    }
}

package io.vigil.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouteFilesTest {

    @TempDir
    Path routes;

    private DefaultCamelContext context;
    private RouteFiles files;

    @BeforeEach
    void startCamel() {
        context = new DefaultCamelContext();
        Properties properties = new Properties();
        properties.setProperty("http.name", "greet");
        context.getPropertiesComponent().setInitialProperties(properties);
        context.start();
        files = new RouteFiles(context, routes);
    }

    @AfterEach
    void stopCamel() throws Exception {
        context.close();
    }

    private Path write(String name, String routeXml) throws Exception {
        Path file = routes.resolve(name);
        Files.writeString(file, "<routes xmlns=\"http://camel.apache.org/schema/xml-io\">" + routeXml + "</routes>");
        return file;
    }

    @Test
    void loadsEveryGoodFileAndReportsTheBadOneWithoutStopping() throws Exception {
        write("a-good.xml", "<route id=\"greeting\"><from uri=\"direct:{{http.name}}\"/><setBody><constant>hi</constant></setBody></route>");
        Files.writeString(routes.resolve("b-broken.xml"), "<routes><route><from uri=");
        write("c-good.xml", "<route id=\"echo\"><from uri=\"direct:echo\"/><log message=\"${body}\"/></route>");
        Files.writeString(routes.resolve("notes.txt"), "not a route");

        Map<Path, Exception> failures = files.sync();

        assertEquals(Set.of(routes.resolve("b-broken.xml")), failures.keySet());
        assertNotNull(context.getRoute("greeting"));
        assertNotNull(context.getRoute("echo"));
        assertEquals("hi", context.createProducerTemplate().requestBody("direct:greet", "", String.class));
        assertTrue(files.sync().isEmpty(), "an unchanged broken file is not tried again");
    }

    @Test
    void aFileAddedChangedOrDeletedChangesOnlyItsOwnRoutes() throws Exception {
        write("input.xml", "<route id=\"input\"><from uri=\"direct:input\"/><setBody><constant>one</constant></setBody></route>");
        files.sync();
        Path extra = write("extra.xml", "<route id=\"extra\"><from uri=\"direct:extra\"/><setBody><constant>x</constant></setBody></route>");
        files.sync();
        assertEquals(Set.of("extra"), files.routesOf(extra));
        assertNotNull(context.getRoute("input"));

        write("input.xml", "<route id=\"input\"><from uri=\"direct:input\"/><setBody><constant>two</constant></setBody></route>");
        files.sync();
        assertEquals("two", context.createProducerTemplate().requestBody("direct:input", "", String.class));
        assertNotNull(context.getRoute("extra"));

        Files.delete(extra);
        files.sync();
        assertNull(context.getRoute("extra"));
        assertNotNull(context.getRoute("input"));
    }

    @Test
    void aProcessorReplacedReloadsTheFilesHoldingTheOldOneAndTheFailedOnesOnly() throws Exception {
        Processor old = exchange -> exchange.getMessage().setBody("old");
        context.getRegistry().bind("io.vigil.test", old);
        write("uses.xml", "<route id=\"uses\"><from uri=\"direct:uses\"/><process ref=\"io.vigil.test\"/></route>");
        write("other.xml", "<route id=\"other\"><from uri=\"direct:other\"/><setBody><constant>x</constant></setBody></route>");
        Path waits = write("waits.xml", "<route id=\"waits\"><from uri=\"direct:waits\"/><process ref=\"io.vigil.later\"/></route>");
        assertEquals(Set.of(waits), files.sync().keySet());
        Route other = context.getRoute("other");
        Route uses = context.getRoute("uses");

        // Announced again (as DS does at boot, after the files loaded): the file built with it stays as it is.
        files.processorChanged("io.vigil.test", old, true);
        assertFalse(files.waiting());

        // Left, then arrived, before the watcher syncs: marked twice, it must still load again.
        context.getRegistry().unbind("io.vigil.test");
        files.processorChanged("io.vigil.test", old, false);
        Processor replacement = exchange -> exchange.getMessage().setBody("new");
        context.getRegistry().bind("io.vigil.test", replacement);
        files.processorChanged("io.vigil.test", replacement, true);
        Processor later = exchange -> exchange.getMessage().setBody("late");
        context.getRegistry().bind("io.vigil.later", later);
        files.processorChanged("io.vigil.later", later, true);
        assertTrue(files.waiting());
        assertTrue(files.sync().isEmpty());

        assertEquals("new", context.createProducerTemplate().requestBody("direct:uses", "", String.class));
        assertEquals("late", context.createProducerTemplate().requestBody("direct:waits", "", String.class));
        assertSame(other, context.getRoute("other"), "a file that does not name the processor keeps its routes");
        assertTrue(uses != context.getRoute("uses"));
        assertFalse(files.waiting());
    }
}

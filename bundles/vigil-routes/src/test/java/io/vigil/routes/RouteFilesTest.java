package io.vigil.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouteFilesTest {

    @TempDir
    Path routes;

    @Test
    void loadsEveryGoodFileAndReportsTheBadOneWithoutStopping() throws Exception {
        Files.writeString(routes.resolve("a-good.xml"), """
                <routes xmlns="http://camel.apache.org/schema/xml-io">
                  <route id="greeting"><from uri="direct:{{http.name}}"/><setBody><constant>hi</constant></setBody></route>
                </routes>""");
        Files.writeString(routes.resolve("b-broken.xml"), "<routes><route><from uri=");
        Files.writeString(routes.resolve("c-good.xml"), """
                <routes xmlns="http://camel.apache.org/schema/xml-io">
                  <route id="echo"><from uri="direct:echo"/><log message="${body}"/></route>
                </routes>""");
        Files.writeString(routes.resolve("notes.txt"), "not a route");

        try (DefaultCamelContext context = new DefaultCamelContext()) {
            Properties properties = new Properties();
            properties.setProperty("http.name", "greet");
            context.getPropertiesComponent().setInitialProperties(properties);
            context.start();

            Map<Path, Exception> failures = RouteFiles.load(context, routes);

            assertEquals(1, failures.size(), failures::toString);
            assertTrue(failures.containsKey(routes.resolve("b-broken.xml")));
            assertNotNull(context.getRoute("greeting"));
            assertNotNull(context.getRoute("echo"));
            assertEquals("hi", context.createProducerTemplate().requestBody("direct:greet", "", String.class));
        }
    }
}

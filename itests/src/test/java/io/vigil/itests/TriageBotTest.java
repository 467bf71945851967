package io.vigil.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.vigil.core.JsonEvent;
import io.vigil.plugin.triagebot.TriageBot;
import java.lang.annotation.Annotation;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** The triage_bot plugin against a real local HTTP server standing in for the REST API's /alertstatus. */
public class TriageBotTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ANSWER = "{\"category\":\"triagebot\",\"summary\":\"answer\",\"details\":{\"identifier\":\"alert-1\","
            + "\"user\":{\"email\":\"alice@example.com\",\"slack\":\"U123\"},\"identityConfidence\":\"high\",\"response\":\"no\"}}";

    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private volatile int status = 200;

    @Before
    public void startApi() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/alertstatus", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    @After
    public void stopApi() {
        server.stop(0);
    }

    private TriageBot plugin(String url) {
        return new TriageBot(new TriageBot.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return TriageBot.Config.class;
            }

            @Override
            public String rest_url() {
                return url;
            }

            @Override
            public String rest_token() {
                return "t0ken";
            }

            @Override
            public int rest_timeoutSeconds() {
                return 5;
            }
        });
    }

    private String api() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api";
    }

    @Test
    public void anAnswerSetsTheAlertStatusAndBecomesATriagebotEvent() throws Exception {
        JsonEvent event = new JsonEvent((ObjectNode) JSON.readTree(ANSWER), "events", null);
        assertTrue(plugin(api()).process(event, event));

        assertEquals(1, bodies.size());
        JsonNode update = JSON.readTree(bodies.get(0));
        assertEquals("alert-1", update.path("alert").asText());
        assertEquals("escalated", update.path("status").asText());
        assertEquals("alice@example.com", update.at("/user/email").asText());
        assertEquals("U123", update.at("/user/slack").asText());
        assertEquals("high", update.path("identityConfidence").asText());
        assertEquals("no", update.path("response").asText());
        assertEquals("Bearer t0ken", authorizations.get(0));

        ObjectNode stored = event.document();
        assertEquals("TriageBot Response: no from: alice@example.com", stored.path("summary").asText());
        assertEquals("alice@example.com", stored.at("/details/email").asText());
        assertEquals("no", stored.at("/details/userresponse").asText());
        assertFalse(stored.path("details").has("user"));
    }

    @Test
    public void anAnswerTheApiRefusesIsDropped() throws Exception {
        status = 404;
        JsonEvent event = new JsonEvent((ObjectNode) JSON.readTree(ANSWER), "events", null);
        assertFalse(plugin(api()).process(event, event));
        assertEquals(1, bodies.size());
    }

    @Test
    public void anAnswerWithoutAUserIsDroppedWithoutCallingTheApi() throws Exception {
        JsonEvent event = new JsonEvent((ObjectNode) JSON.readTree("{\"category\":\"triagebot\",\"details\":{\"identifier\":\"a\",\"response\":\"yes\"}}"),
                "events", null);
        assertFalse(plugin(api()).process(event, event));
        assertTrue(bodies.isEmpty());
    }

    @Test
    public void withoutAnApiThePluginIsInactive() {
        assertNotNull(plugin("").inactiveReason());
        assertEquals(null, plugin(api()).inactiveReason());
    }
}

package io.vigil.action.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.vigil.api.alert.Alert;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class WebhookActionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static WebhookAction.Config config(String url, String format, String template, String method) {
        return new WebhookAction.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return WebhookAction.Config.class;
            }

            @Override
            public String url() {
                return url;
            }

            @Override
            public String format() {
                return format;
            }

            @Override
            public String routingKey() {
                return "R0UT1NG";
            }

            @Override
            public String method() {
                return method;
            }

            @Override
            public String secret() {
                return "s3cret";
            }

            @Override
            public String template() {
                return template;
            }

            @Override
            public int timeoutSeconds() {
                return 5;
            }
        };
    }

    private static WebhookAction action(String format, String template) {
        return new WebhookAction(config("http://127.0.0.1:9/hook", format, template, "POST"));
    }

    private static Alert alert(ObjectNode document) {
        return new Alert() {
            @Override
            public ObjectNode document() {
                return document;
            }

            @Override
            public String id() {
                return "abc";
            }

            @Override
            public String index() {
                return "alerts-202612";
            }
        };
    }

    private static ObjectNode document() {
        ObjectNode document = JSON.createObjectNode().put("summary", "say \"hi\"").put("severity", "WARNING").put("category", "bruteforce")
                .put("classname", "AlertBruteforceSsh").put("utctimestamp", "2026-12-01T10:00:00+00:00");
        document.putObject("details").put("sourceipaddress", "10.1.2.3");
        return document;
    }

    @Test
    void aTemplateIsFilledWithEscapedAlertFields() {
        assertEquals("{\"text\":\"WARNING: say \\\"hi\\\" from 10.1.2.3\",\"id\":\"abc\",\"more\":0}",
                action("alert", "{\"text\":\"{severity}: {summary} from {details.sourceipaddress}\",\"id\":\"{id}\",\"more\":{folded}}").body(alert(document())));
        assertTrue(action("alert", "").body(alert(document())).startsWith("{\"_id\":\"abc\",\"_index\":\"alerts-202612\",\"_source\":{\"summary\""));
    }

    @Test
    void chatAndPagingServicesGetTheirOwnShapes() throws Exception {
        ObjectNode held = document();
        ((ObjectNode) held.get("details")).put("folded", 4);
        assertEquals("{\"text\":\"[WARNING] say \\\"hi\\\" (bruteforce, AlertBruteforceSsh) (+4 more of this rule held back)\"}",
                action("slack", "").body(alert(held)));
        JsonNode teams = JSON.readTree(action("teams", "").body(alert(document())));
        assertEquals("MessageCard", teams.path("@type").asText());
        assertEquals("FB8C00", teams.path("themeColor").asText());
        JsonNode page = JSON.readTree(action("pagerduty", "").body(alert(document())));
        assertEquals("R0UT1NG", page.path("routing_key").asText());
        assertEquals("trigger", page.path("event_action").asText());
        assertEquals("abc", page.path("dedup_key").asText(), "one incident per alert");
        assertEquals("warning", page.at("/payload/severity").asText());
        assertEquals("AlertBruteforceSsh", page.at("/payload/component").asText());
        assertEquals("10.1.2.3", page.at("/payload/custom_details/details/sourceipaddress").asText());
        assertThrows(IllegalArgumentException.class, () -> action("carrier-pigeon", ""));
    }

    /** An event's text in an alert's summary pages nobody and disguises no link in Slack or Teams. */
    @Test
    void chatMessagesShowTheEventsTextAsWritten() throws Exception {
        ObjectNode hostile = document().put("summary", "<!channel> <https://evil.example|log in> & [here](https://evil.example) **now**");
        String slack = JSON.readTree(action("slack", "").body(alert(hostile))).path("text").asText();
        assertTrue(slack.startsWith("[WARNING] &lt;!channel&gt; &lt;https://evil.example|log in&gt; &amp; [here](https://evil.example) **now** ("), slack);
        String teams = JSON.readTree(action("teams", "").body(alert(hostile))).path("text").asText();
        assertTrue(teams.startsWith("\\[WARNING\\] &lt;\\!channel&gt; &lt;https://evil.example\\|log in&gt; &amp; \\[here\\]\\(https://evil.example\\) \\*\\*now\\*\\* \\("),
                teams);
    }

    @Test
    void itCallsARealServerSignedAndAFailureAnswerFailsTheAttempt() throws Exception {
        List<String[]> calls = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            calls.add(new String[] {exchange.getRequestMethod(), exchange.getRequestURI().getRawPath() + "?" + exchange.getRequestURI().getRawQuery(),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), exchange.getRequestHeaders().getFirst(WebhookAction.SIGNATURE)});
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().startsWith("/down") ? 503 : 200, -1);
            exchange.close();
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        try {
            new WebhookAction(config(base + "/block?ip={details.sourceipaddress}&why={summary}", "alert", "{\"ip\":\"{details.sourceipaddress}\"}", "PUT"))
                    .execute(alert(document()));
            assertEquals("PUT", calls.get(0)[0]);
            assertEquals("/block?ip=10.1.2.3&why=say+%22hi%22", calls.get(0)[1]);
            assertEquals("{\"ip\":\"10.1.2.3\"}", calls.get(0)[2]);
            assertEquals(WebhookAction.signature("s3cret".getBytes(StandardCharsets.UTF_8), calls.get(0)[2]), calls.get(0)[3]);

            IOException down = assertThrows(IOException.class, () -> new WebhookAction(config(base + "/down", "slack", "", "POST")).execute(alert(document())));
            assertTrue(down.getMessage().contains("answered 503"), down.getMessage());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theSignatureIsTheHexHmacSha256OfTheBody() throws Exception {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
        assertEquals("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                WebhookAction.signature("Jefe".getBytes(StandardCharsets.UTF_8), "what do ya want for nothing?"));
    }
}

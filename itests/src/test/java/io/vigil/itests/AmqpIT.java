package io.vigil.itests;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.MessageProperties;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AMQP input against the test services' RabbitMQ ({@code -Dvigil.amqp.url}, which {@code ./vigil test} passes):
 * every body form lands, a message is acked only once indexed, and nothing is lost when the container is killed or
 * Elasticsearch stops while messages flow. This instance runs its own Elasticsearch, since the test stops it, and its
 * own exchange and queue, so no other consumer takes its messages.
 */
public class AmqpIT {

    private static final Logger LOG = LoggerFactory.getLogger(AmqpIT.class);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAME = "vigil-it-" + UUID.randomUUID();
    private static VigilInstance vigil;
    private static Connection broker;
    private static Channel channel;

    private static Elasticsearch es() {
        return new Elasticsearch(vigil.esUrl());
    }

    private final String marker = "m" + UUID.randomUUID().toString().replace("-", "");

    @BeforeClass
    public static void start() throws Exception {
        URI amqp = URI.create(System.getProperty("vigil.amqp.url", "amqp://127.0.0.1:5692"));
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(amqp.getHost());
        factory.setPort(amqp.getPort());
        broker = factory.newConnection("amqp-it");
        channel = broker.createChannel();
        // Declared as Vigil declares them (durable direct exchange, durable queue), so either side may come first.
        channel.exchangeDeclare(NAME, "direct", true);
        channel.queueDeclare(NAME, true, false, false, null);
        channel.queueBind(NAME, NAME, NAME);
        vigil = new VigilInstance("amqp");
        vigil.environment.put("VIGIL_AMQP_ENABLED", "true");
        vigil.environment.put("VIGIL_AMQP_PORT", Integer.toString(amqp.getPort()));
        vigil.environment.put("VIGIL_AMQP_EXCHANGE", NAME);
        vigil.environment.put("VIGIL_AMQP_QUEUE", NAME);
        vigil.environment.put("VIGIL_AMQP_ROUTING_KEY", NAME);
        vigil.start();
    }

    @AfterClass
    public static void stop() throws Exception {
        VigilInstance.stop(vigil);
        if (channel != null) {
            channel.queueDelete(NAME);
            channel.exchangeDelete(NAME);
            broker.close();
        }
    }

    @Test
    public void theBrokerConnectionIsOnTheHealthPage() throws Exception {
        String password = Files.readString(vigil.var.resolve("admin-password")).trim();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + vigil.environment.get("VIGIL_REST_PORT") + "/api/health"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8))).build();
        String name = "RabbitMQ amqp://127.0.0.1:" + URI.create(System.getProperty("vigil.amqp.url", "amqp://127.0.0.1:5692")).getPort() + "/";
        await().atMost(60, SECONDS).until(() -> {
            JsonNode health = JSON.readTree(HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body());
            for (JsonNode check : health.path("checks")) {
                if (check.path("name").asText().equals(name)) {
                    return check.path("healthy").asBoolean();
                }
            }
            LOG.info("No healthy {} yet: {}", name, health.path("checks"));
            return false;
        });
    }

    @Test
    public void everyBodyFormLandsAndTheQueueDrains() throws Exception {
        publish("one-" + marker, "{\"summary\":\"object " + marker + "\",\"hostname\":\"web1\"}");
        publish(null, JSON.writeValueAsString("{\"summary\":\"string " + marker + "\"}"));
        publish("nd-" + marker, "{\"summary\":\"first " + marker + "\"}\n{\"summary\":\"second " + marker + "\"}\n");
        publish(null, "[{\"summary\":\"array " + marker + "\"}]");
        publish(null, "not json " + marker);

        JsonNode hits = es().search("events-2*", "summary:" + marker, 5);
        Set<String> summaries = new HashSet<>();
        for (JsonNode hit : hits) {
            summaries.add(hit.at("/_source/summary").asText());
        }
        assertEquals(Set.of("object " + marker, "string " + marker, "first " + marker, "second " + marker, "array " + marker), summaries);
        assertEquals("web1", es().event("one-" + marker).at("/_source/hostname").asText());
        assertEquals("first " + marker, es().event("nd-" + marker + "-0").at("/_source/summary").asText());
        assertEquals("second " + marker, es().event("nd-" + marker + "-1").at("/_source/summary").asText());

        JsonNode letter = es().search("events-deadletter", "original:*" + marker + "*", 1).get(0).path("_source");
        assertEquals("unreadable_message", letter.path("error_type").asText());
        assertEquals("not json " + marker, letter.path("original").asText());
        assertTrue(letter.toString(), letter.path("reason").asText().startsWith("malformed JSON"));
        await().atMost(30, SECONDS).until(() -> channel.queueDeclarePassive(NAME).getMessageCount() == 0);
    }

    @Test
    public void nothingIsLostWhenTheContainerIsKilledOrElasticsearchStops() throws Exception {
        int messages = 3000;
        long started = System.nanoTime();
        for (int i = 0; i < messages / 3; i++) {
            publish(marker + "-" + i, "{\"summary\":\"" + marker + "\",\"details\":{\"seq\":" + i + "}}");
        }
        await().atMost(60, SECONDS).until(() -> es().countSummary(marker) >= 200);
        long pid = JSON.readTree(vigil.vigil("status", "--json").out()).at("/karaf/pid").asLong();
        new ProcessBuilder("kill", "-KILL", "--", "-" + pid).inheritIO().start().waitFor();
        await().atMost(30, SECONDS).until(() -> ProcessHandle.of(pid).map(process -> !process.isAlive()).orElse(true));
        for (int i = messages / 3; i < 2 * messages / 3; i++) {
            publish(marker + "-" + i, "{\"summary\":\"" + marker + "\",\"details\":{\"seq\":" + i + "}}");
        }
        VigilInstance.Result run = vigil.vigil("run");
        assertEquals(run.out(), 0, run.exit());

        assertEquals(0, vigil.vigil("services", "stop", "elasticsearch").exit());
        for (int i = 2 * messages / 3; i < messages; i++) {
            publish(marker + "-" + i, "{\"summary\":\"" + marker + "\",\"details\":{\"seq\":" + i + "}}");
        }
        VigilInstance.Result restart = vigil.vigil("services", "start", "elasticsearch");
        assertEquals(restart.out(), 0, restart.exit());

        await().atMost(180, SECONDS).until(() -> es().countSummary(marker) == messages);
        await().atMost(60, SECONDS).until(() -> channel.queueDeclarePassive(NAME).getMessageCount() == 0);
        JsonNode hits = es().search("events-2*", "summary:" + marker, messages);
        Set<String> ids = new HashSet<>();
        hits.forEach(hit -> ids.add(hit.path("_id").asText()));
        for (int i = 0; i < messages; i++) {
            assertTrue("missing " + marker + "-" + i, ids.contains(marker + "-" + i));
        }
        LOG.info(String.format("AMQP no-loss run: %d messages through a SIGKILL and an Elasticsearch restart in %.1f s", messages,
                (System.nanoTime() - started) / 1e9));
    }

    @Test
    public void ingestRate() throws Exception {
        int messages = 20000;
        AMQP.BasicProperties persistent = MessageProperties.PERSISTENT_TEXT_PLAIN;
        long started = System.nanoTime();
        for (int i = 0; i < messages; i++) {
            channel.basicPublish(NAME, NAME, persistent, ("{\"summary\":\"" + marker + "\",\"processname\":\"sshd\",\"hostname\":\"bastion\","
                    + "\"details\":{\"seq\":" + i + ",\"sourceipaddress\":\"10.1.2." + (i % 250) + "\"}}").getBytes(StandardCharsets.UTF_8));
        }
        await().atMost(300, SECONDS).pollInterval(Duration.ofMillis(250)).until(() -> es().countSummary(marker) == messages);
        double seconds = (System.nanoTime() - started) / 1e9;
        LOG.info(String.format("AMQP ingest: %d single-event messages published and indexed in %.1f s: %.0f events/s", messages, seconds,
                messages / seconds));
    }

    private static void publish(String messageId, String body) throws Exception {
        AMQP.BasicProperties properties = MessageProperties.PERSISTENT_TEXT_PLAIN.builder().messageId(messageId).build();
        channel.basicPublish(NAME, NAME, properties, body.getBytes(StandardCharsets.UTF_8));
    }



}
